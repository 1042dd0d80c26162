/**
 * Memory: documents and Markdown notes an agent can search by words and by meaning.
 * {@link dev.dx.api.memory.MemoryStore} is the platform's service; {@link dev.dx.api.memory.Embedder} is the
 * whiteboard through which embedding models (local or remote) are added.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
