package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.dx.util.fs.OwnerOnly;

/**
 * Unpacks a {@code .dxp} into a private folder, refusing whatever could escape the folder or exhaust the machine:
 * names with {@code ..}, absolute paths, NUL or backslashes, symbolic links, duplicate names (also differing only in
 * case), encrypted or unknown compression, entries whose data overlap, and more entries or bytes than the limits.
 * Sizes are checked against the bytes actually inflated, not the sizes the archive claims.
 */
public final class SafeZip {
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    private SafeZip() {
    }

    /**
     * @param zip    the package file (already the private copy)
     * @param dest   an empty owner-only folder
     * @param limits the caps
     * @throws PackageException naming the first problem; {@code dest} may then hold part of the files
     */
    public static void extract(Path zip, Path dest, PackageLimits limits) throws IOException, PackageException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            ZipDirectory.Contents contents = ZipDirectory.read(ch, limits.maxEntries());
            List<ZipDirectory.Entry> entries = check(contents.entries(), limits);
            List<ZipDirectory.Entry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong(ZipDirectory.Entry::localOffset));
            long remaining = limits.maxBytes();
            for (int i = 0; i < byOffset.size(); i++) {
                ZipDirectory.Entry e = byOffset.get(i);
                long limit = i + 1 < byOffset.size() ? byOffset.get(i + 1).localOffset() : contents.directoryOffset();
                long dataStart = dataStart(ch, e);
                if (dataStart + e.compressedSize() > limit) {
                    throw new PackageException("entry '" + e.name() + "' overlaps another entry or the directory");
                }
                if (e.directory()) {
                    OwnerOnly.directory(target(dest, e.name()));
                    continue;
                }
                Path file = target(dest, e.name());
                OwnerOnly.directory(file.getParent());
                remaining -= copy(ch, e, dataStart, file, remaining);
            }
        }
    }

    private static List<ZipDirectory.Entry> check(List<ZipDirectory.Entry> entries, PackageLimits limits)
            throws PackageException {
        Set<String> names = new HashSet<>();
        Set<String> folders = new HashSet<>();
        Set<String> files = new HashSet<>();
        long declared = 0;
        for (ZipDirectory.Entry e : entries) {
            String name = e.directory() ? e.name().substring(0, e.name().length() - 1) : e.name();
            String problem = PackagePath.problem(name);
            if (problem != null) {
                throw new PackageException(problem);
            }
            if (e.symlink()) {
                throw new PackageException("entry '" + name + "' is a symbolic link; packages hold plain files only");
            }
            if ((e.flags() & 1) != 0) {
                throw new PackageException("entry '" + name + "' is encrypted");
            }
            if (!e.directory() && e.method() != STORED && e.method() != DEFLATED) {
                throw new PackageException("entry '" + name + "' uses compression method " + e.method()
                        + "; only stored and deflated entries are supported");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new PackageException("entry '" + name + "' appears twice (names must differ in more than case)");
            }
            (e.directory() ? folders : files).add(name.toLowerCase(Locale.ROOT));
            declared += e.size();
        }
        for (String f : files) {
            for (int i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) {
                if (files.contains(f.substring(0, i))) {
                    throw new PackageException("'" + f.substring(0, i) + "' is both a file and a folder");
                }
            }
        }
        if (declared > limits.maxBytes()) {
            throw new PackageException("the package unpacks to " + declared + " bytes; at most " + limits.maxBytes()
                    + " are allowed");
        }
        return entries;
    }

    private static long dataStart(FileChannel ch, ZipDirectory.Entry e) throws IOException, PackageException {
        ByteBuffer h = ZipDirectory.read(ch, e.localOffset(), 30);
        if (h.getInt(0) != ZipDirectory.LOCAL_SIG) {
            throw new PackageException("entry '" + e.name() + "' has no local header where the directory says");
        }
        int nameLength = h.getShort(26) & 0xFFFF;
        int extraLength = h.getShort(28) & 0xFFFF;
        byte[] local = new byte[nameLength];
        ZipDirectory.read(ch, e.localOffset() + 30, nameLength).get(local);
        if (!new String(local, java.nio.charset.StandardCharsets.UTF_8).equals(e.name())) {
            throw new PackageException("entry '" + e.name() + "' has a different name in its local header");
        }
        return e.localOffset() + 30 + nameLength + extraLength;
    }

    private static Path target(Path dest, String name) throws PackageException {
        Path p = dest.resolve(name).normalize();
        if (!p.startsWith(dest)) {
            throw new PackageException("entry '" + name + "' points outside the package");
        }
        return p;
    }

    /** Copies or inflates one entry, counting the real output against the declared size and the budget. */
    private static long copy(FileChannel ch, ZipDirectory.Entry e, long start, Path file, long budget)
            throws IOException, PackageException {
        Sink sink = new Sink(e, Math.min(e.size(), budget));
        try (OutputStream out = OwnerOnly.newFile(file)) {
            sink.out = out;
            if (e.method() == STORED) {
                ByteBuffer in = ByteBuffer.allocate(64 * 1024);
                for (long offset = start, left = e.compressedSize(); left > 0; ) {
                    in.clear().limit((int) Math.min(in.capacity(), left));
                    int n = ch.read(in, offset);
                    if (n <= 0) {
                        throw new PackageException("entry '" + e.name() + "' is truncated");
                    }
                    offset += n;
                    left -= n;
                    sink.write(in.array(), n);
                }
            } else {
                inflate(ch, e, start, sink);
            }
        }
        if (sink.written != e.size()) {
            throw new PackageException("entry '" + e.name() + "' is " + sink.written + " bytes, not " + e.size()
                    + " as the archive says");
        }
        if (sink.crc.getValue() != e.crc()) {
            throw new PackageException("entry '" + e.name() + "' is damaged (CRC mismatch)");
        }
        return sink.written;
    }

    private static void inflate(FileChannel ch, ZipDirectory.Entry e, long start, Sink sink)
            throws IOException, PackageException {
        Inflater inflater = new Inflater(true);
        try {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            byte[] buf = new byte[64 * 1024];
            long offset = start;
            long left = e.compressedSize();
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (left == 0) {
                        throw new PackageException("entry '" + e.name() + "' is truncated");
                    }
                    in.clear().limit((int) Math.min(in.capacity(), left));
                    int n = ch.read(in, offset);
                    if (n <= 0) {
                        throw new PackageException("entry '" + e.name() + "' is truncated");
                    }
                    offset += n;
                    left -= n;
                    inflater.setInput(in.array(), 0, n);
                }
                int n = inflater.inflate(buf);
                if (n == 0 && inflater.needsDictionary()) {
                    throw new PackageException("entry '" + e.name() + "' is damaged (preset dictionary)");
                }
                sink.write(buf, n);
            }
            if (left > 0 || inflater.getRemaining() > 0) {
                throw new PackageException("entry '" + e.name() + "' has data after its end");
            }
        } catch (DataFormatException ex) {
            throw new PackageException("entry '" + e.name() + "' is damaged: " + ex.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** Where unpacked bytes go: counted, checksummed, capped. */
    private static final class Sink {
        private final ZipDirectory.Entry entry;
        private final long cap;
        private final CRC32 crc = new CRC32();
        private OutputStream out;
        private long written;

        Sink(ZipDirectory.Entry entry, long cap) {
            this.entry = entry;
            this.cap = cap;
        }

        void write(byte[] b, int n) throws IOException, PackageException {
            if (written + n > cap) {
                throw new PackageException(cap < entry.size() ? "the package unpacks to more bytes than allowed"
                        : "entry '" + entry.name() + "' inflates to more than the " + entry.size() + " bytes it claims");
            }
            out.write(b, 0, n);
            crc.update(b, 0, n);
            written += n;
        }
    }
}
