package dev.dx.agent.internal;

import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionState;
import dev.dx.api.session.SessionStore;

/**
 * Turns what clients send as {@code sessionKey} into a session: a session id (ULID) names one session; a routing key
 * ({@code agent:<agent>:<rest>}) names the active session of that route, created on first use.
 */
@Component(service = SessionResolver.class)
public final class SessionResolver {
    static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    static final Pattern ROUTE = Pattern.compile("agent:([a-z0-9][a-z0-9_-]{0,31}):[A-Za-z0-9:._@+-]{1,200}");

    @Reference
    private SessionStore store;
    @Reference
    private AgentRegistry agents;

    /**
     * @param key      a session id or routing key; {@code null} means {@code agent:<defaultAgent>:main}
     * @param forWrite whether a message will be added (archived sessions are refused then)
     */
    public Session resolve(String key, String defaultAgent, boolean forWrite) {
        String k = key == null || key.isBlank() ? "agent:" + defaultAgent + ":main" : key.strip();
        Session s;
        if (ULID.matcher(k).matches()) {
            s = store.get(k).orElseThrow(() -> RpcException.notFound("No session '" + k + "'; sessions.list shows them"));
        } else {
            var m = ROUTE.matcher(k);
            if (!m.matches()) {
                throw RpcException.invalidParams("sessionKey '" + k + "' is neither a session id nor a routing key "
                        + "like agent:main:main");
            }
            agents.get(m.group(1));
            s = forWrite ? store.getOrCreate(m.group(1), k)
                    : store.byRoutingKey(k).orElseThrow(() -> RpcException.notFound("No session for '" + k + "' yet"));
        }
        if (forWrite && s.state() == SessionState.ARCHIVED) {
            throw RpcException.invalidParams("Session " + s.key() + " is archived; write to its routing key "
                    + s.routingKey() + " to continue in the active session");
        }
        return s;
    }
}
