package dev.dx.session.internal.store;

/** A stored row that cannot be decoded: the session it belongs to must be quarantined. */
final class CorruptRow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sessionKey;

    /**
     * @param sessionKey the session
     * @param what       which part cannot be read, e.g. "entry 5 (meta is not valid JSON)"
     */
    CorruptRow(String sessionKey, String what, Throwable cause) {
        super(what, cause);
        this.sessionKey = sessionKey;
    }

    String sessionKey() {
        return sessionKey;
    }
}
