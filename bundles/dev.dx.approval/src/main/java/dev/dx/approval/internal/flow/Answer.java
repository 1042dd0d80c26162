package dev.dx.approval.internal.flow;

import java.util.Locale;

import dev.dx.api.rpc.RpcException;

/** What a human answers to a pending command. */
public enum Answer {
    /** Run it this once. */
    ALLOW_ONCE,
    /** Run it, and store a rule that approves exactly this program and these arguments from now on. */
    ALLOW_ALWAYS,
    /** Do not run it. */
    DENY;

    /** @return the wire name, e.g. {@code "allow-once"} */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws RpcException {@code INVALID_PARAMS} naming the accepted answers */
    public static Answer of(String wire) {
        for (Answer a : values()) {
            if (a.wire().equals(wire)) {
                return a;
            }
        }
        throw RpcException.invalidParams("decision must be allow-once, allow-always or deny");
    }
}
