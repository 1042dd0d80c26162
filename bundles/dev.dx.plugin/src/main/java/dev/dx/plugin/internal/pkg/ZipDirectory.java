package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip file's central directory by hand, because {@link java.util.zip} hides what a safe unpacker must see:
 * the external attributes (symbolic links), duplicate names and where each entry's data really lies. No zip64, no
 * multi-disk archives, no encryption, nothing before the first entry or after the directory.
 */
final class ZipDirectory {
    static final int LOCAL_SIG = 0x04034b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;
    private static final int END_SIZE = 22;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFLNK = 0xA000;

    /** One entry as the central directory describes it. */
    record Entry(String name, int flags, int method, long crc, long compressedSize, long size, long localOffset,
            boolean symlink) {
        boolean directory() {
            return name.endsWith("/");
        }
    }

    private ZipDirectory() {
    }

    /** The entries and where the central directory starts (the end of the entries' data). */
    record Contents(List<Entry> entries, long directoryOffset) {
    }

    static Contents read(FileChannel ch, int maxEntries) throws IOException, PackageException {
        long size = ch.size();
        if (size < END_SIZE) {
            throw new PackageException("not a zip file (too short)");
        }
        int tail = (int) Math.min(size, END_SIZE + 0xFFFF);
        ByteBuffer end = read(ch, size - tail, tail);
        int at = -1;
        for (int i = tail - END_SIZE; i >= 0; i--) {
            if (end.getInt(i) == END_SIG) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new PackageException("not a zip file (no end of central directory)");
        }
        int disk = end.getShort(at + 4) & 0xFFFF;
        int cdDisk = end.getShort(at + 6) & 0xFFFF;
        int onDisk = end.getShort(at + 8) & 0xFFFF;
        int total = end.getShort(at + 10) & 0xFFFF;
        long cdSize = end.getInt(at + 12) & 0xFFFFFFFFL;
        long cdOffset = end.getInt(at + 16) & 0xFFFFFFFFL;
        int commentLength = end.getShort(at + 20) & 0xFFFF;
        if (disk != 0 || cdDisk != 0 || onDisk != total) {
            throw new PackageException("multi-disk zip archives are not supported");
        }
        if (total == 0xFFFF || cdOffset == 0xFFFFFFFFL || cdSize == 0xFFFFFFFFL) {
            throw new PackageException("zip64 archives are not supported");
        }
        if (at + END_SIZE + commentLength != tail) {
            throw new PackageException("the zip file has data after its end record");
        }
        if (total > maxEntries) {
            throw new PackageException("the package has " + total + " entries; at most " + maxEntries + " are allowed");
        }
        long endOffset = size - tail + at;
        if (cdOffset + cdSize != endOffset) {
            throw new PackageException("the zip central directory is not where its end record says");
        }
        ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
        List<Entry> entries = new ArrayList<>(total);
        int p = 0;
        for (int i = 0; i < total; i++) {
            if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL_SIG) {
                throw new PackageException("the zip central directory is damaged at entry " + (i + 1));
            }
            int flags = cd.getShort(p + 8) & 0xFFFF;
            int method = cd.getShort(p + 10) & 0xFFFF;
            long crc = cd.getInt(p + 16) & 0xFFFFFFFFL;
            long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
            long usize = cd.getInt(p + 24) & 0xFFFFFFFFL;
            int nameLength = cd.getShort(p + 28) & 0xFFFF;
            int extraLength = cd.getShort(p + 30) & 0xFFFF;
            int commentLen = cd.getShort(p + 32) & 0xFFFF;
            long external = cd.getInt(p + 38) & 0xFFFFFFFFL;
            long local = cd.getInt(p + 42) & 0xFFFFFFFFL;
            int next = p + 46 + nameLength + extraLength + commentLen;
            if (next > cd.limit()) {
                throw new PackageException("the zip central directory is damaged at entry " + (i + 1));
            }
            byte[] raw = new byte[nameLength];
            cd.get(p + 46, raw);
            String name = decode(raw);
            // the Unix mode lives in the high half of the external attributes; a link is refused whoever made it
            int mode = (int) (external >>> 16);
            entries.add(new Entry(name, flags, method, crc, csize, usize, local, (mode & S_IFMT) == S_IFLNK));
            p = next;
        }
        if (p != cd.limit()) {
            throw new PackageException("the zip central directory has trailing data");
        }
        return new Contents(entries, cdOffset);
    }

    static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException, PackageException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new PackageException("the zip file is truncated");
            }
        }
        return b.flip();
    }

    private static String decode(byte[] raw) throws PackageException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new PackageException("a zip entry name is not valid UTF-8");
        }
    }
}
