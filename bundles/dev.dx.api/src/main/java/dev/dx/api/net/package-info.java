/**
 * Outbound HTTP for untrusted callers (the web_fetch tool, plugins): only public addresses, every hop checked.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
