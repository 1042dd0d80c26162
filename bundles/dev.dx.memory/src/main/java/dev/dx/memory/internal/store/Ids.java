package dev.dx.memory.internal.store;

import dev.dx.util.id.Ulid;

/** Document ids: {@code mem_} and a ULID, so stored memories sort by when they were stored. */
public final class Ids {
    private static final Ulid ULID = new Ulid();

    private Ids() {
    }

    /** @return a new document id */
    public static String newId() {
        return "mem_" + ULID.next();
    }

    /** @return whether {@code id} can be a stored document id (no file id, no odd characters) */
    public static boolean valid(String id) {
        return id != null && id.matches("[A-Za-z0-9_.\\-]{1,128}");
    }
}
