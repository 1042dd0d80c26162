package dev.dx.memory.internal.work;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryMetadata;
import dev.dx.api.memory.MemoryStore;
import dev.dx.memory.internal.chunk.Chunk;
import dev.dx.memory.internal.chunk.Chunker;
import dev.dx.memory.internal.files.MemoryFile;
import dev.dx.memory.internal.index.IndexedChunk;

/** Turns stored documents and memory files into index chunks, and hashes them to tell when they changed. */
public final class Sources {
    private final Chunker chunker;
    private final String chunking;

    /**
     * @param chunkTokens  tokens per chunk
     * @param chunkOverlap overlap
     */
    public Sources(int chunkTokens, int chunkOverlap) {
        this.chunker = new Chunker(chunkTokens, chunkOverlap);
        this.chunking = chunkTokens + "/" + chunkOverlap;
    }

    /** @return the hash of a document's text and metadata, as kept in the database */
    public static String contentHash(MemoryDocument d) {
        MemoryMetadata m = d.metadata();
        return sha256(d.text() + "\u0000" + m.source() + "\u0000" + m.path() + "\u0000" + m.agent() + "\u0000"
                + (m.created() == null ? "" : m.created().toEpochMilli()) + "\u0000" + String.join("\u0001", m.tags()));
    }

    /** @return the hash the index keeps: the content hash plus the chunking, so new chunk sizes re-chunk */
    public String indexHash(String contentHash) {
        return sha256(contentHash + "\u0000" + chunking);
    }

    /** @return the chunks of a stored document */
    public List<IndexedChunk> chunks(MemoryDocument d, String contentHash) {
        MemoryMetadata m = d.metadata();
        return build(d.id(), indexHash(contentHash), d.text(), m.source(), m.path(), m.agent(),
                m.created().toEpochMilli(), true, m.tags());
    }

    /**
     * @param f       the memory file
     * @param content its text
     * @param mtime   its modification time
     * @return its index hash and chunks
     */
    public FileChunks chunks(MemoryFile f, String content, Instant mtime) {
        Instant date = f.date();
        String hash = indexHash(sha256(content + "\u0000" + f.id() + "\u0000" + (date == null ? "" : date)));
        return new FileChunks(hash, build(f.id(), hash, content, MemoryStore.SOURCE_FILE, f.path(), f.agent(),
                (date == null ? mtime : date).toEpochMilli(), date != null, List.of()));
    }

    /**
     * The chunks of a memory file.
     *
     * @param hash   its index hash
     * @param chunks its chunks
     */
    public record FileChunks(String hash, List<IndexedChunk> chunks) {
    }

    private List<IndexedChunk> build(String id, String hash, String text, String source, String path, String agent,
            long createdMs, boolean dated, List<String> tags) {
        List<Chunk> chunks = chunker.split(text);
        List<IndexedChunk> out = new ArrayList<>(chunks.size());
        for (Chunk c : chunks) {
            out.add(new IndexedChunk(id, hash, c.index(), c.text(), source, path, agent, createdMs, dated, tags,
                    c.startLine(), c.endLine(), null, null));
        }
        return out;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
