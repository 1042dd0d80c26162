package dev.dx.secrets.internal.store;

/** What a {@link Vault} tells its owner; the component turns it into EventAdmin events. */
public interface VaultListener {
    /** The store was unlocked (or created). */
    void unlocked();

    /** The store was locked. */
    void locked();

    /**
     * @param name   the secret's name (never its value)
     * @param action {@code "set"} or {@code "deleted"}
     */
    void changed(String name, String action);
}
