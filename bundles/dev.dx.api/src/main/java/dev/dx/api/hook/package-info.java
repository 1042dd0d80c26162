/**
 * Hooks: code (typically plugins) that sees messages and tool calls at fixed points and may veto them.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.hook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
