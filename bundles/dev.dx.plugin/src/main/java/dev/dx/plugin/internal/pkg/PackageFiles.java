package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import dev.dx.util.fs.OwnerOnly;

/**
 * The files of an unpacked package: listed with their SHA-256 (what a signature covers), or copied into a private
 * folder. An unpacked folder follows the rules of a zip: plain files with {@link PackagePath} names, no links.
 */
public final class PackageFiles {
    /** The detached signature; the only file a signature does not cover. */
    public static final String SIGNATURE = "dx-plugin.sig";
    /** The manifest. */
    public static final String MANIFEST = "dx-plugin.json";

    private PackageFiles() {
    }

    /**
     * @param root a package folder
     * @return relative path ({@code /}-separated) → lower-case hex SHA-256, sorted by path, without the signature
     */
    public static Map<String, String> list(Path root, PackageLimits limits) throws IOException, PackageException {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Path> f : files(root, limits).entrySet()) {
            if (!f.getKey().equals(SIGNATURE)) {
                out.put(f.getKey(), sha256(f.getValue()));
            }
        }
        return out;
    }

    /** Copies a package folder into an empty private folder, with the same checks as unpacking a zip. */
    public static void copy(Path source, Path dest, PackageLimits limits) throws IOException, PackageException {
        for (Map.Entry<String, Path> f : files(source, limits).entrySet()) {
            Path target = dest.resolve(f.getKey()).normalize();
            OwnerOnly.directory(target.getParent());
            try (InputStream in = Files.newInputStream(f.getValue(), LinkOption.NOFOLLOW_LINKS);
                    OutputStream out = OwnerOnly.newFile(target)) {
                in.transferTo(out);
            }
        }
    }

    /** @return relative name → file, for every regular file under {@code root}; links and odd names refused */
    public static Map<String, Path> files(Path root, PackageLimits limits) throws IOException, PackageException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new PackageException(root.getFileName() + " is not a folder");
        }
        Map<String, Path> out = new TreeMap<>();
        long[] bytes = {0};
        PackageException[] problem = {null};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root) || check(dir, attrs) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!check(file, attrs)) {
                    return FileVisitResult.TERMINATE;
                }
                // A hard link is a second name for a file that may live outside the folder (e.g. a key in ~/.ssh).
                if (attrs.isRegularFile() && ((Number) Files.getAttribute(file, "unix:nlink",
                        LinkOption.NOFOLLOW_LINKS)).intValue() > 1) {
                    problem[0] = new PackageException("'" + name(root, file) + "' has other hard links; packages "
                            + "hold plain files of their own only (copy it instead of linking it)");
                    return FileVisitResult.TERMINATE;
                }
                String name = name(root, file);
                bytes[0] += attrs.size();
                if (out.size() >= limits.maxEntries() || bytes[0] > limits.maxBytes()) {
                    problem[0] = new PackageException("the package has more than " + limits.maxEntries()
                            + " files or " + limits.maxBytes() + " bytes");
                    return FileVisitResult.TERMINATE;
                }
                out.put(name, file);
                return FileVisitResult.CONTINUE;
            }

            private boolean check(Path p, BasicFileAttributes attrs) {
                String name = name(root, p);
                if (attrs.isSymbolicLink() || !(attrs.isRegularFile() || attrs.isDirectory())) {
                    problem[0] = new PackageException("'" + name + "' is a link or a special file; packages hold "
                            + "plain files only");
                    return false;
                }
                String why = PackagePath.problem(name);
                if (why != null) {
                    problem[0] = new PackageException(why);
                    return false;
                }
                return true;
            }
        });
        if (problem[0] != null) {
            throw problem[0];
        }
        return out;
    }

    private static String name(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    /** @return the lower-case hex SHA-256 of a file */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** @return a fresh SHA-256 digest */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
