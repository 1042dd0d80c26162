/**
 * Model providers: LLM APIs behind one streaming interface, registered as services (one per configured provider).
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
