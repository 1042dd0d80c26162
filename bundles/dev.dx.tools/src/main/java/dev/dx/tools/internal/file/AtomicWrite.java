package dev.dx.tools.internal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

import dev.dx.tools.internal.ArgumentException;
import dev.dx.tools.internal.file.SecureWorkspace.Dir;

/** Writes a file of the workspace so that readers see the old or the new content, never a mix, never a link target. */
final class AtomicWrite {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private AtomicWrite() {
    }

    /**
     * Replaces (or creates) a file atomically: a temporary file in the same folder, written and synced, then renamed
     * over the name relative to the folder. Readers see the old or the new content, never a mix.
     *
     * @param existing the attributes of the file being replaced (its permissions are kept), or null for a new file
     * @param unchanged whether the file must still be exactly {@code existing} (same inode, size and time)
     */
    static void replace(SecureWorkspace ws, Dir dir, String name, byte[] content, PosixFileAttributes existing,
            boolean unchanged) throws ArgumentException, IOException {
        Path tmp = Path.of(".dx-write-" + HexFormat.of().formatHex(SecureWorkspace.randomBytes()) + ".tmp");
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW);
        boolean moved = false;
        try {
            // owner-only while it is being written; the old file's permissions are applied before it is visible
            try (SeekableByteChannel ch = existing == null ? dir.stream().newByteChannel(tmp, options)
                    : dir.stream().newByteChannel(tmp, options,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (ch instanceof FileChannel) {
                    ((FileChannel) ch).force(true);
                }
            }
            if (existing != null) {
                dir.stream().getFileAttributeView(tmp, PosixFileAttributeView.class, NOFOLLOW)
                        .setPermissions(existing.permissions());
            }
            if (unchanged && !same(existing, ws.stat(dir, name))) {
                throw new ArgumentException("'" + dir.child(name) + "' changed while DX was editing it; read it "
                        + "again and retry.");
            }
            dir.stream().move(tmp, dir.stream(), Path.of(name));
            moved = true;
        } finally {
            if (!moved) {
                SecureWorkspace.deleteQuietly(dir, tmp, false);
            }
        }
    }

    private static boolean same(PosixFileAttributes a, PosixFileAttributes b) {
        return a != null && b != null && Objects.equals(a.fileKey(), b.fileKey()) && a.size() == b.size()
                && a.lastModifiedTime().equals(b.lastModifiedTime());
    }
}
