package dev.dx.secrets.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store file on disk: owner-only, replaced all at once. A new version is written to a temporary file in the same
 * folder, forced to disk, then renamed over the old one, and the folder is synced, so a crash at any point leaves the
 * old file or the new one, never a mix.
 */
public final class AtomicFile {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final String TMP_SUFFIX = ".tmp";

    /** The rename step; tests replace it to simulate a crash between writing and renaming. */
    @FunctionalInterface
    public interface Move {
        void move(Path from, Path to) throws IOException;
    }

    private final Path file;
    private final Move move;

    /** @param file the store file */
    public AtomicFile(Path file) {
        this(file, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE));
    }

    AtomicFile(Path file, Move move) {
        this.file = file;
        this.move = move;
    }

    /** @return the file's path */
    public Path path() {
        return file;
    }

    /** @return the file's bytes, or {@code null} if there is no file */
    byte[] read() throws IOException, CorruptStoreException {
        try {
            if (Files.size(file) > StoreFormat.MAX_FILE_BYTES) {
                throw new CorruptStoreException("it is larger than any store this DX writes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Replaces the file with {@code content}; on failure the old file is untouched and the temporary file gone. */
    void replace(byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        ownerOnlyDirectory(dir);
        Path tmp = POSIX ? Files.createTempFile(dir, file.getFileName() + ".", TMP_SUFFIX, ownerOnly())
                : Files.createTempFile(dir, file.getFileName() + ".", TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            move.move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Removes temporary files a crash left behind: they are never a valid state, the store file is. */
    void removeStrayTemporaries() {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> stray = Files.newDirectoryStream(dir, file.getFileName() + ".*" + TMP_SUFFIX)) {
            for (Path p : stray) {
                Files.deleteIfExists(p);
                LOG.info("Removed {}, left by an interrupted save; the store file itself is intact", p.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("Could not remove temporary files next to {}: {}", file, e.toString());
        }
    }

    /** @return what is wrong with the permissions of the file or its folder, or {@code null} if they are owner-only */
    String permissionProblem() {
        if (!POSIX) {
            return null;
        }
        for (Path p : new Path[] {file.toAbsolutePath().getParent(), file}) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (perms.stream().anyMatch(x -> !x.name().startsWith("OWNER_"))) {
                    return p.getFileName() + " is accessible to other users: run chmod "
                            + (Files.isDirectory(p) ? "700 " : "600 ") + p;
                }
            } catch (IOException e) {
                LOG.trace("No permissions for {}: {}", p, e.toString());
            }
        }
        return null;
    }

    private static void ownerOnlyDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    /** Makes the rename durable; where a folder cannot be opened (not Linux) the rename is still atomic. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync folder {}: {}", dir, e.toString());
        }
    }
}
