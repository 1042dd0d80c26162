package dev.dx.approval.internal.store;

import dev.dx.util.id.Ulid;

/** Approval ids: ULIDs, so they sort in the order decisions were asked for. */
public final class Ids {
    private static final Ulid ULID = new Ulid();

    private Ids() {
    }

    /** @return a new id */
    public static String next() {
        return ULID.next();
    }

    /** @return whether {@code id} has the shape of an approval id (checked before it reaches SQL or a message) */
    public static boolean valid(String id) {
        return Ulid.isValid(id);
    }
}
