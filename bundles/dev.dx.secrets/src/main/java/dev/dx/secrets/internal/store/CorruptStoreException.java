package dev.dx.secrets.internal.store;

/** The store file is not a store this version can trust: damaged, truncated, tampered with or of an unknown format. */
final class CorruptStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong, for the owner; never contains key material or a value */
    CorruptStoreException(String reason) {
        super(reason);
    }
}
