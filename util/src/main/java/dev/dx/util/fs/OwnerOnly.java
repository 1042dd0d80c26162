package dev.dx.util.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.stream.Stream;

/** Files and folders only their owner can read: private keys, plugin copies, personal data such as memories. */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** Creates {@code dir} and missing parents, and makes {@code dir} owner-only. */
    public static Path directory(Path dir) throws IOException {
        createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /** Creates {@code dir} and missing parents owner-only; folders that exist keep their permissions. */
    public static Path createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        return dir;
    }

    /** Creates an empty owner-only file (and its folders) unless it exists; an existing one is left as it is. */
    public static Path createFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            createDirectories(dir);
        }
        if (!Files.exists(file)) {
            try {
                newFile(file).close();
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by someone else meanwhile: theirs stays
            }
        }
        return file;
    }

    /** Creates a new owner-only file; fails if it exists. */
    public static OutputStream newFile(Path file) throws IOException {
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Writes {@code content} to a temporary owner-only file, forces it to disk and moves it over {@code target}. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (OutputStream out = newFile(tmp)) {
            out.write(content);
        }
        try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.WRITE))) {
            ch.force(true);
        }
        move(tmp, target);
    }

    /** Moves atomically where the file system allows it, replacing the target. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder and everything in it, without following links; a missing folder is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
