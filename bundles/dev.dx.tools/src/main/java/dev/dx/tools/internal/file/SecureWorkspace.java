package dev.dx.tools.internal.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.tools.internal.ArgumentException;

/**
 * The workspace opened for one tool call. Every folder is opened relative to the one before it, without following
 * links ({@link SecureDirectoryStream}, i.e. {@code openat(..., O_NOFOLLOW)}), and files are opened and replaced
 * relative to their folder: a folder swapped for a symlink after a check cannot redirect the access, because no
 * path is resolved again. The only path the kernel resolves by name is the workspace root itself.
 */
public final class SecureWorkspace implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SecureWorkspace.class);
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An open folder inside the workspace. */
    public record Dir(SecureDirectoryStream<Path> stream, String display, Path path) {
        String child(String name) {
            return display.isEmpty() ? name : display + "/" + name;
        }
    }

    private final Dir root;
    private final Deque<Closeable> opened = new ArrayDeque<>();

    private SecureWorkspace(Dir root) {
        this.root = root;
        opened.push(root.stream());
    }

    /** Opens the workspace root; it must exist and be a folder. */
    public static SecureWorkspace open(Path workspace) throws ArgumentException, IOException {
        if (workspace == null) {
            throw new ArgumentException("This call has no workspace, so file tools cannot be used.");
        }
        Path real;
        try {
            real = workspace.toAbsolutePath().normalize().toRealPath();
        } catch (NoSuchFileException e) {
            throw new ArgumentException("The workspace " + workspace + " does not exist.");
        }
        if (!Files.isDirectory(real)) {
            throw new ArgumentException("The workspace " + workspace + " is not a folder.");
        }
        DirectoryStream<Path> ds = Files.newDirectoryStream(real);
        if (!(ds instanceof SecureDirectoryStream)) {
            ds.close();
            throw new ArgumentException("This platform cannot open folders safely (no SecureDirectoryStream), so "
                    + "the file tools are unavailable.");
        }
        return new SecureWorkspace(new Dir((SecureDirectoryStream<Path>) ds, "", real));
    }

    /** @return the real path of the workspace root */
    public Path rootPath() {
        return root.path();
    }

    /**
     * Opens the folder the segments name, one name at a time.
     *
     * @param create whether missing folders are created
     */
    public Dir folder(List<String> segments, boolean create) throws ArgumentException, IOException {
        Dir dir = root;
        for (String name : segments) {
            dir = child(dir, name, create);
        }
        return dir;
    }

    private Dir child(Dir parent, String name, boolean create) throws ArgumentException, IOException {
        PosixFileAttributes a = stat(parent, name);
        if (a == null) {
            if (!create) {
                throw new ArgumentException("The folder '" + parent.child(name) + "' does not exist.");
            }
            makeFolder(parent, name);
        } else if (a.isSymbolicLink()) {
            throw symlink(parent.child(name));
        } else if (!a.isDirectory()) {
            throw new ArgumentException("'" + parent.child(name) + "' is not a folder.");
        }
        SecureDirectoryStream<Path> s;
        try {
            s = parent.stream().newDirectoryStream(Path.of(name), NOFOLLOW);
        } catch (FileSystemException e) {
            PosixFileAttributes now = stat(parent, name);
            if (now != null && now.isSymbolicLink()) {
                throw symlink(parent.child(name));
            }
            throw new ArgumentException("Cannot open the folder '" + parent.child(name) + "': " + reason(e));
        }
        opened.push(s);
        return new Dir(s, parent.child(name), parent.path().resolve(name));
    }

    /**
     * Creates a folder without resolving any path but the root's: a fresh folder is made in the root, then moved
     * into place relative to the open parent ({@code renameat}), so a swapped parent cannot put it elsewhere.
     */
    private void makeFolder(Dir parent, String name) throws ArgumentException, IOException {
        Path staging = Path.of(".dx-mkdir-" + HexFormat.of().formatHex(randomBytes()));
        Files.createDirectory(root.path().resolve(staging));
        try {
            root.stream().move(staging, parent.stream(), Path.of(name));
        } catch (IOException e) {
            deleteQuietly(root, staging, true);
            PosixFileAttributes now = stat(parent, name);
            if (now == null || !now.isDirectory()) {
                throw new ArgumentException("Cannot create the folder '" + parent.child(name) + "': " + reason(e));
            }
        }
    }

    /** @return the attributes of a name in the folder, links not followed, or null if there is no such name */
    public PosixFileAttributes stat(Dir dir, String name) throws IOException {
        try {
            return dir.stream().getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The link count of a file checked with {@link #stat}. Only the path-based attribute view offers
     * {@code unix:nlink}, so the answer is used only if it is about the very same inode.
     */
    public long linkCount(Dir dir, String name, PosixFileAttributes checked) throws ArgumentException, IOException {
        Map<String, Object> m = Files.readAttributes(dir.path().resolve(name), "unix:nlink,fileKey", NOFOLLOW);
        if (!Objects.equals(m.get("fileKey"), checked.fileKey())) {
            throw new ArgumentException("'" + dir.child(name) + "' changed while DX was checking it; try again.");
        }
        return ((Number) m.get("nlink")).longValue();
    }

    /** Opens a file for reading relative to its folder, refusing a symlink in its place. */
    public SeekableByteChannel openRead(Dir dir, String name) throws ArgumentException, IOException {
        try {
            return dir.stream().newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, NOFOLLOW));
        } catch (FileSystemException e) {
            PosixFileAttributes now = stat(dir, name);
            if (now != null && now.isSymbolicLink()) {
                throw symlink(dir.child(name));
            }
            throw e;
        }
    }

    static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    static void deleteQuietly(Dir dir, Path name, boolean folder) {
        try {
            if (folder) {
                dir.stream().deleteDirectory(name);
            } else {
                dir.stream().deleteFile(name);
            }
        } catch (IOException e) {
            LOG.debug("Cannot remove the temporary {} in the workspace: {}", name, e.toString());
        }
    }

    static ArgumentException symlink(String display) {
        return new ArgumentException("'" + display + "' is a symbolic link; file tools do not follow links, so "
                + "that nothing outside the workspace can be reached. Use the path of the real file instead.");
    }

    /** @return a short reason for an I/O failure, without a stack trace */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (IOException e) {
                LOG.debug("Cannot close a workspace folder: {}", e.toString());
            }
        }
    }
}
