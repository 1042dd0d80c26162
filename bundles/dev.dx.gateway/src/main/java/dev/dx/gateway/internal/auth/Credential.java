package dev.dx.gateway.internal.auth;

import java.util.Objects;
import java.util.Set;

import dev.dx.api.rpc.Scope;

/** A gateway credential: who it is for, what it may do, and whether it has been revoked or rotated away. */
public final class Credential {
    private final String id;
    private final String name;
    private final Set<Scope> scopes;
    private final byte[] hash;
    private volatile boolean revoked;

    Credential(String id, String name, Set<Scope> scopes, byte[] hash) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.name = name == null ? id : name;
        this.scopes = Set.copyOf(scopes);
        this.hash = hash.clone();
    }

    /** The credential of the Karaf console, whose users JAAS has already authenticated as administrators. */
    public static Credential console() {
        return new Credential("console", "Karaf console", Set.of(Scope.ADMIN), new byte[32]);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    byte[] hash() {
        return hash;
    }

    public boolean revoked() {
        return revoked;
    }

    void revoke() {
        revoked = true;
    }
}
