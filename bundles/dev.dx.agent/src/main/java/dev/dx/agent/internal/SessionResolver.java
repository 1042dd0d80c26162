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
 * ({@code agent:<agent>:<rest>}) names the active session of that route, created on first use; an inbound route
 * ({@code <channel>:<account>:<peer or group>…}) goes to the agent its most specific binding names — unless the caller
 * named an agent — as routing key {@code agent:<agent>:<route>}.
 */
@Component(service = SessionResolver.class)
public final class SessionResolver {
    static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    static final Pattern ROUTE = Pattern.compile("agent:([a-z0-9][a-z0-9_-]{0,31}):[A-Za-z0-9:._@+-]{1,200}");
    static final Pattern INBOUND = Pattern.compile("(?!agent:)[a-z0-9][a-z0-9_-]{0,31}(:[A-Za-z0-9._@+-]{1,64}){1,6}");

    @Reference
    private SessionStore store;
    @Reference
    private AgentRegistry agents;

    /**
     * @param key      a session id, routing key or inbound route; {@code null} means {@code agent:<agent>:main}
     * @param agent    the agent the caller named, or {@code null}: then bindings choose for an inbound route, and
     *                 {@value AgentRegistry#DEFAULT} answers a missing key
     * @param forWrite whether a message will be added (archived sessions are refused then)
     */
    public Session resolve(String key, String agent, boolean forWrite) {
        String k = key == null || key.isBlank() ? "agent:" + (agent == null ? AgentRegistry.DEFAULT : agent) + ":main"
                : key.strip();
        if (INBOUND.matcher(k).matches()) {
            k = "agent:" + (agent == null ? agents.route(k) : agent) + ":" + k;
        }
        String routingKey = k;
        Session s;
        if (ULID.matcher(k).matches()) {
            s = store.get(k).orElseThrow(() -> RpcException.notFound("No session '" + routingKey
                    + "'; sessions.list shows them"));
        } else {
            var m = ROUTE.matcher(k);
            if (!m.matches()) {
                throw RpcException.invalidParams("sessionKey '" + k + "' is neither a session id, a routing key "
                        + "like agent:main:main nor an inbound route like telegram:bot1:dm:42");
            }
            agents.get(m.group(1));
            s = forWrite ? store.getOrCreate(m.group(1), k)
                    : store.byRoutingKey(k).orElseThrow(() -> RpcException.notFound("No session for '" + routingKey
                            + "' yet"));
        }
        if (forWrite && s.state() == SessionState.ARCHIVED) {
            throw RpcException.invalidParams("Session " + s.key() + " is archived; write to its routing key "
                    + s.routingKey() + " to continue in the active session");
        }
        return s;
    }
}
