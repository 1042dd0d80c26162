package dev.dx.secrets.internal.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.secrets.internal.crypto.Argon2Params;
import dev.dx.secrets.internal.crypto.Keys;

/**
 * The fixed-size header of a store file: format version and the Argon2id parameters and salt the key is derived with.
 * It is authenticated by the key check and the file MAC and is part of every entry's AAD; its CRC only tells accidental
 * damage apart from a wrong password, so that a flipped salt bit is not mistaken for a typo.
 */
record Header(int memoryKiB, int iterations, int parallelism, byte[] salt) {
    static final byte[] MAGIC = {'D', 'X', 'S', 'S'};
    static final int VERSION = 1;
    static final int KDF_ARGON2ID = 2;
    static final int ARGON2_VERSION = 0x13;
    static final int SALT_BYTES = 16;
    /** magic 4, version 2, kdf 1, argon2 version 1, memory 4, iterations 4, lanes 4, salt length 1, salt 16, CRC 4. */
    static final int SIZE = 41;

    /**
     * Derives the store's keys from a password with this header's parameters: the deliberately slow part of an unlock.
     *
     * @throws RpcException {@code UNAVAILABLE} if the JVM heap is too small for the memory cost
     */
    Keys derive(char[] password) {
        try {
            return Keys.derive(password, salt, memoryKiB, iterations, parallelism);
        } catch (IllegalStateException e) {
            throw new RpcException(ErrorCode.UNAVAILABLE, "Cannot derive the key: " + e.getMessage() + ". Give DX "
                    + "more heap (EXTRA_JAVA_OPTS=-Xmx...) or configure a smaller argon2MemoryKiB", e);
        }
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putShort((short) VERSION).put((byte) KDF_ARGON2ID).put((byte) ARGON2_VERSION)
                .putInt(memoryKiB).putInt(iterations).putInt(parallelism).put((byte) salt.length).put(salt);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, SIZE - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Reads and checks the header at the start of {@code file}.
     *
     * @param policy the weakest and strongest parameters accepted, so a forged header can neither downgrade the key
     *               derivation nor make it allocate gigabytes
     */
    static Header decode(byte[] file, Argon2Params policy) throws CorruptStoreException {
        if (file.length < SIZE) {
            throw new CorruptStoreException("it is truncated (" + file.length + " bytes, shorter than the header)");
        }
        ByteBuffer b = ByteBuffer.wrap(file, 0, SIZE);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptStoreException("it is not a DX secret store (wrong magic bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, SIZE - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(file, SIZE - 4, 4).getInt()) {
            throw new CorruptStoreException("its header is damaged (checksum mismatch)");
        }
        int version = Short.toUnsignedInt(b.getShort());
        if (version != VERSION) {
            throw new CorruptStoreException("it has format version " + version + ", this DX reads version " + VERSION);
        }
        int kdf = b.get();
        int argon2Version = Byte.toUnsignedInt(b.get());
        int memory = b.getInt();
        int iterations = b.getInt();
        int lanes = b.getInt();
        int saltLength = b.get();
        if (kdf != KDF_ARGON2ID || argon2Version != ARGON2_VERSION || saltLength != SALT_BYTES) {
            throw new CorruptStoreException("it declares an unsupported key derivation");
        }
        if (!policy.accepts(memory, iterations, lanes)) {
            throw new CorruptStoreException("it declares Argon2 parameters outside the accepted range (m=" + memory
                    + " KiB, t=" + iterations + ", p=" + lanes + ")");
        }
        byte[] salt = new byte[SALT_BYTES];
        b.get(salt);
        return new Header(memory, iterations, lanes, salt);
    }
}
