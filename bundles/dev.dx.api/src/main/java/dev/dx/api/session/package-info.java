/**
 * Sessions and their transcripts: the conversation memory of every agent, stored durably.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
