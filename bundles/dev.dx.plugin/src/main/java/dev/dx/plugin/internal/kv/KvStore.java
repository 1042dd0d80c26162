package dev.dx.plugin.internal.kv;

/**
 * Plugins' key-value storage: one key space per plugin id, in DX's database ({@link DatabaseKvStore}).
 */
public interface KvStore extends AutoCloseable {
    /** Most bytes of a key (UTF-8). */
    int MAX_KEY_BYTES = 256;
    /** Most bytes of a value. */
    int MAX_VALUE_BYTES = 64 * 1024;
    /** Most bytes all values of one plugin may take together. */
    long MAX_PLUGIN_BYTES = 16L << 20;

    /** @return the value, or {@code null} */
    byte[] get(String plugin, String key);

    /**
     * Stores a value durably (it is on disk when this returns).
     *
     * @throws KvException for a value over the limits or a storage failure
     */
    void put(String plugin, String key, byte[] value);

    /** Deletes one key; a missing key is fine. */
    void delete(String plugin, String key);

    /** Deletes everything a plugin stored. */
    void deleteAll(String plugin);

    /** @return how many keys a plugin has */
    long count(String plugin);

    @Override
    void close();

    /** A refused or failed operation; the message is for the plugin's owner. */
    final class KvException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean tooLarge;

        public KvException(String message, boolean tooLarge, Throwable cause) {
            super(message, cause);
            this.tooLarge = tooLarge;
        }

        /** @return whether the value or the plugin's total is over a limit (rather than the storage failing) */
        public boolean tooLarge() {
            return tooLarge;
        }
    }
}
