package dev.dx.secrets.internal.store;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import javax.crypto.AEADBadTagException;

import dev.dx.secrets.internal.crypto.Argon2Params;
import dev.dx.secrets.internal.crypto.Keys;

/** Reads and writes the store file format described in {@code package-info.java}. */
final class StoreFormat {
    static final int MAX_ENTRIES = 4096;
    static final int MAX_VALUE_BYTES = 65_536;
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;
    static final byte[] CHECK_LABEL = "dx-secrets v1 key check".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FILE_LABEL = "dx-secrets v1 file".getBytes(StandardCharsets.US_ASCII);

    /** One encrypted entry: its name (in clear, authenticated), nonce and ciphertext with tag. */
    record Entry(String name, byte[] nonce, byte[] sealed) {
    }

    /** A file whose structure is sound; nothing in it is authenticated yet. */
    record Parsed(Header header, byte[] headerBytes, byte[] keyCheck, List<Entry> entries, byte[] authenticated,
            byte[] fileMac) {
    }

    /** The outcome of checking a parsed file against a key. */
    enum Verdict { OK, WRONG_PASSWORD, TAMPERED }

    private StoreFormat() {
    }

    /** Checks the structure: lengths, bounds, names in strictly ascending order, nothing trailing. */
    static Parsed parse(byte[] file, Argon2Params policy) throws CorruptStoreException {
        Header header = Header.decode(file, policy);
        int macAt = file.length - Keys.MAC_BYTES;
        if (macAt < Header.SIZE + Keys.MAC_BYTES + 4) {
            throw new CorruptStoreException("it is truncated (" + file.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(file, Header.SIZE, macAt - Header.SIZE);
        try {
            byte[] keyCheck = bytes(b, Keys.MAC_BYTES);
            int count = b.getInt();
            if (count < 0 || count > MAX_ENTRIES) {
                throw new CorruptStoreException("it declares " + Integer.toUnsignedString(count) + " entries");
            }
            List<Entry> entries = new ArrayList<>(count);
            String previous = null;
            for (int i = 0; i < count; i++) {
                String name = new String(bytes(b, Byte.toUnsignedInt(b.get())), StandardCharsets.US_ASCII);
                if (!Inputs.validName(name) || previous != null && previous.compareTo(name) >= 0) {
                    throw new CorruptStoreException("entry " + (i + 1) + " has an invalid or out-of-order name");
                }
                byte[] nonce = bytes(b, Keys.NONCE_BYTES);
                int length = b.getInt();
                if (length < Keys.TAG_BYTES || length > MAX_VALUE_BYTES + Keys.TAG_BYTES) {
                    throw new CorruptStoreException("entry " + (i + 1) + " has an invalid length");
                }
                entries.add(new Entry(name, nonce, bytes(b, length)));
                previous = name;
            }
            if (b.hasRemaining()) {
                throw new CorruptStoreException("it has " + b.remaining() + " unexpected bytes after the last entry");
            }
            return new Parsed(header, Arrays.copyOf(file, Header.SIZE), keyCheck, List.copyOf(entries),
                    macInput(file, macAt), Arrays.copyOfRange(file, macAt, file.length));
        } catch (BufferUnderflowException e) {
            throw new CorruptStoreException("it is truncated (an entry runs past the end)");
        }
    }

    /**
     * Checks a parsed file against a key: the key check tells a wrong password from a damaged file, the file MAC
     * covers every other byte (so entries cannot be removed, added or reordered), and each entry's GCM tag binds its
     * value to its name and the header.
     */
    static Verdict verify(Parsed p, Keys keys) {
        boolean check = keys.verify(p.keyCheck(), CHECK_LABEL, p.headerBytes());
        boolean mac = keys.verify(p.fileMac(), FILE_LABEL, p.authenticated());
        if (!check && !mac) {
            return Verdict.WRONG_PASSWORD;
        }
        if (!check || !mac) {
            return Verdict.TAMPERED;
        }
        for (Entry e : p.entries()) {
            try {
                Arrays.fill(keys.open(e.nonce(), aad(p.headerBytes(), e.name()), e.sealed()), (byte) 0);
            } catch (AEADBadTagException ex) {
                return Verdict.TAMPERED;
            }
        }
        return Verdict.OK;
    }

    /** Writes a whole file: header, key check, entries in the order given (sorted by name), file MAC. */
    static byte[] encode(byte[] headerBytes, Keys keys, Collection<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(headerBytes);
        out.writeBytes(keys.mac(CHECK_LABEL, headerBytes));
        out.writeBytes(ByteBuffer.allocate(4).putInt(entries.size()).array());
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.US_ASCII);
            out.write(name.length);
            out.writeBytes(name);
            out.writeBytes(e.nonce());
            out.writeBytes(ByteBuffer.allocate(4).putInt(e.sealed().length).array());
            out.writeBytes(e.sealed());
        }
        byte[] body = out.toByteArray();
        out.writeBytes(keys.mac(FILE_LABEL, macInput(body, body.length)));
        return out.toByteArray();
    }

    /**
     * What the file MAC covers: the header and everything after the key check. Leaving the key check out keeps the
     * two independent, so damage to one of them is told apart from a wrong password (which breaks both).
     */
    static byte[] macInput(byte[] file, int macAt) {
        int bodyAt = Header.SIZE + Keys.MAC_BYTES;
        byte[] in = Arrays.copyOf(file, Header.SIZE + macAt - bodyAt);
        System.arraycopy(file, bodyAt, in, Header.SIZE, macAt - bodyAt);
        return in;
    }

    /** An entry's AAD: the header bytes, then the name, so a value cannot be moved to another name or store. */
    static byte[] aad(byte[] headerBytes, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] aad = Arrays.copyOf(headerBytes, headerBytes.length + n.length);
        System.arraycopy(n, 0, aad, headerBytes.length, n.length);
        return aad;
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        if (n > b.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] r = new byte[n];
        b.get(r);
        return r;
    }
}
