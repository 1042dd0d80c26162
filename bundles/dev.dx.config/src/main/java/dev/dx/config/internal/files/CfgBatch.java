package dev.dx.config.internal.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces several files so that either all of them take their new text or none does: every new text is written
 * and synced to a temporary file first, then the temporary files are moved over the originals; if a move fails, the
 * files already replaced get their previous text back (or are removed if they did not exist).
 */
public final class CfgBatch {
    /** Moves a finished temporary file over its target; a seam for tests that make a move fail. */
    @FunctionalInterface
    public interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    /** The mover for real use: an atomic rename where the file system has one. */
    public static final Mover ATOMIC = (from, to) -> {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    };

    private CfgBatch() {
    }

    /**
     * @param texts file → its new text, replaced in this order
     * @throws IOException if any file could not be replaced; then every file has its previous content
     */
    public static void replaceAll(Map<Path, String> texts, Mover mover) throws IOException {
        Map<Path, byte[]> before = new LinkedHashMap<>();
        Map<Path, Path> temps = new LinkedHashMap<>();
        List<Path> replaced = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> e : texts.entrySet()) {
                Path file = e.getKey();
                before.put(file, Files.exists(file) ? Files.readAllBytes(file) : null);
                temps.put(file, CfgFile.writeTemp(file, e.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            for (Map.Entry<Path, Path> t : temps.entrySet()) {
                mover.move(t.getValue(), t.getKey());
                replaced.add(t.getKey());
            }
        } catch (IOException | RuntimeException e) {
            for (Path file : replaced) {
                try {
                    restore(file, before.get(file));
                } catch (IOException r) {
                    e.addSuppressed(r);
                }
            }
            for (Path tmp : temps.values()) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
    }

    private static void restore(Path file, byte[] previous) throws IOException {
        if (previous == null) {
            Files.deleteIfExists(file);
        } else {
            ATOMIC.move(CfgFile.writeTemp(file, previous), file);
        }
    }
}
