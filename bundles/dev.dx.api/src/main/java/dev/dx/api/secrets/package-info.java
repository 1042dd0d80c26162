/**
 * The encrypted secret store: named secrets (API keys, bot tokens) that reach components only at run time.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.secrets;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
