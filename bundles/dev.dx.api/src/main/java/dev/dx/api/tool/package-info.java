/**
 * The tool whiteboard: a {@link dev.dx.api.tool.Tool} service is something an agent can call. Tools appear and
 * disappear with the bundles (or plugins) that register them.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.tool;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
