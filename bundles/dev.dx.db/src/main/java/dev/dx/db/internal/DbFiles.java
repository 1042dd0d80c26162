package dev.dx.db.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/** Where the database lives, and how its folder and file are created. */
final class DbFiles {
    static final String DEFAULT = "${karaf.data}/dx/dx.db";

    private DbFiles() {
    }

    /** @return the configured path with {@code ${karaf.data}} replaced by Karaf's data directory */
    static Path resolve(String configured) {
        String path = configured == null || configured.isBlank() ? DEFAULT : configured.trim();
        if (path.contains("${karaf.data}")) {
            String data = System.getProperty("karaf.data");
            if (data == null) {
                throw new IllegalArgumentException("path in etc/dev.dx.db.cfg uses ${karaf.data}, but karaf.data is "
                        + "not set; give an absolute path");
            }
            path = path.replace("${karaf.data}", data);
        }
        if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            // both would be read as part of a JDBC URL, not of the file name
            throw new IllegalArgumentException("path in etc/dev.dx.db.cfg must not contain '?' or '#'");
        }
        return Paths.get(path).toAbsolutePath().normalize();
    }

    /** Transcripts and approvals are private: a new directory and database file are readable by their owner only. */
    static void createOwnerOnly(Path file) throws IOException {
        Path dir = file.getParent();
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (dir != null && !Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (!Files.exists(file)) {
            // SQLite gives the -wal and -shm files the permissions of the database file
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        }
    }
}
