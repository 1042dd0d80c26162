/**
 * The one SQLite database of DX ({@code ${karaf.data}/dx/dx.db}), shared by every subsystem that stores state:
 * numbered migrations per component, a single durable writer and pooled readers.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.db;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
