package dev.dx.session.internal.store;

import java.util.regex.Pattern;

import dev.dx.api.rpc.RpcException;
import dev.dx.util.id.Ulid;

/**
 * Checks every identifier before it is used anywhere. Session keys are ULIDs and nothing else, so a key can never be a
 * path, a pattern or SQL; agent ids are short plain names; routing keys are printable text of bounded length.
 */
public final class Names {
    /** Longest routing key accepted. */
    public static final int MAX_ROUTING_KEY = 512;
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Names() {
    }

    /** @return {@code key}, if it is a session key */
    public static String key(String key) {
        if (!Ulid.isValid(key)) {
            throw RpcException.invalidParams("A session key is a 26-character ULID (digits and capital letters "
                    + "except I, L, O and U) as sessions.list shows it; the key given is not one");
        }
        return key;
    }

    /** @return {@code agentId}, if it is a valid agent id */
    public static String agent(String agentId) {
        if (agentId == null || !AGENT.matcher(agentId).matches()) {
            throw RpcException.invalidParams("An agent id is 1 to 64 letters, digits, '_' or '-', such as 'main'");
        }
        return agentId;
    }

    /** @return {@code routingKey}, if it is a valid routing key */
    public static String routingKey(String routingKey) {
        if (routingKey == null || routingKey.isBlank() || routingKey.length() > MAX_ROUTING_KEY) {
            throw RpcException.invalidParams("A routing key is 1 to " + MAX_ROUTING_KEY + " characters, such as "
                    + "'agent:main:main' or 'agent:main:telegram:dm:12345'");
        }
        for (int i = 0; i < routingKey.length(); i++) {
            if (Character.isISOControl(routingKey.charAt(i))) {
                throw RpcException.invalidParams("A routing key must not contain control characters");
            }
        }
        return routingKey;
    }
}
