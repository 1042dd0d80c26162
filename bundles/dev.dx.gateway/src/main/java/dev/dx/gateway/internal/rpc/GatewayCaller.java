package dev.dx.gateway.internal.rpc;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import dev.dx.api.rpc.Caller;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.auth.Credential;

/** A caller as the gateway knows it: the credential it authenticated with, its granted scopes and, on WebSocket, its event sink. */
public final class GatewayCaller implements Caller {
    private final String connectionId;
    private final String transport;
    private final String address;
    private final EventSink events;
    private volatile Credential credential;
    private volatile Set<Scope> scopes = Collections.emptySet();
    private volatile String client = "";

    public GatewayCaller(String connectionId, String transport, String address, EventSink events) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId must not be null");
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.address = address == null ? "" : address;
        this.events = events;
    }

    /**
     * Marks the caller authenticated. The granted scopes are those of the credential, narrowed to {@code requested}
     * when the caller asked for fewer; asking for more never adds any.
     */
    public void authenticate(Credential c, Set<Scope> requested) {
        EnumSet<Scope> granted = EnumSet.noneOf(Scope.class);
        for (Scope s : Scope.values()) {
            boolean held = c.scopes().stream().anyMatch(h -> h.implies(s));
            boolean wanted = requested == null || requested.isEmpty() || requested.stream().anyMatch(r -> r.implies(s));
            if (held && wanted) {
                granted.add(s);
            }
        }
        this.scopes = Collections.unmodifiableSet(granted);
        this.credential = c;
    }

    /** @return whether the caller authenticated with a credential that is still valid */
    public boolean authenticated() {
        Credential c = credential;
        return c != null && !c.revoked();
    }

    public Credential credential() {
        return credential;
    }

    public void client(String name) {
        this.client = name == null ? "" : name;
    }

    /** @return the client address as the gateway determined it (never from an untrusted header) */
    public String address() {
        return address;
    }

    /** @return the WebSocket connection's event sink, or {@code null} for HTTP and shell callers */
    public EventSink events() {
        return events;
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public String client() {
        return client;
    }

    @Override
    public Set<Scope> scopes() {
        return authenticated() ? scopes : Collections.emptySet();
    }
}
