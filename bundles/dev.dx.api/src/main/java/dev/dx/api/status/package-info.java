/**
 * Status contributions: a subsystem that has something the owner must see in {@code status} (a locked secret store,
 * a refused configuration file) registers a {@link dev.dx.api.status.StatusContributor}.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
