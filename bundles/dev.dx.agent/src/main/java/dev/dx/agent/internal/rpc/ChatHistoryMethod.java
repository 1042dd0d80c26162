package dev.dx.agent.internal.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.SessionResolver;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionStore;

/** {@code chat.history}: a session's transcript for a chat view, by session id or routing key. */
@Component(service = RpcMethod.class)
@Rpc(method = "chat.history", scope = Scope.READ, category = "chat",
        description = "Transcript: {sessionKey?, afterSeq?, limit?, includeCompacted?} → messages")
public final class ChatHistoryMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String sessionKey, Long afterSeq, Integer limit, Boolean includeCompacted) {
    }

    @Reference
    private SessionResolver sessions;
    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        int limit = p.limit() == null ? 200 : p.limit();
        if (limit < 1 || limit > 10_000) {
            throw RpcException.invalidParams("limit must be between 1 and 10000");
        }
        Session s = sessions.resolve(p.sessionKey(), AgentRegistry.DEFAULT, false);
        Page<Message> page = store.history(s.key(), new HistoryQuery(p.afterSeq() == null ? 0 : p.afterSeq(), limit,
                Boolean.TRUE.equals(p.includeCompacted())));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sessionKey", s.key());
        r.put("routingKey", s.routingKey());
        r.put("messages", page.items());
        r.put("nextCursor", page.nextCursor());
        return r;
    }
}
