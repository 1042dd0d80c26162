package dev.dx.gateway.internal.core;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.rpc.EventSink;
import dev.dx.gateway.internal.rpc.GatewayCaller;

/** {@code events.subscribe}: start receiving events whose topic matches the patterns (WebSocket only). */
@Component(service = RpcMethod.class)
@Rpc(method = "events.subscribe", scope = Scope.READ, category = "events",
        description = "Receive events on this WebSocket for topic patterns such as dx/session/* or *")
public final class EventsSubscribeMethod implements RpcMethod {
    /** Parameters: the topic patterns. */
    public record Params(List<String> topics) {
    }

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.topics() == null || p.topics().isEmpty()) {
            throw RpcException.invalidParams("Give 'topics', e.g. {\"topics\":[\"dx/session/*\"]}");
        }
        return Map.of("topics", sink(ctx).subscribe(p.topics()));
    }

    static EventSink sink(RpcContext ctx) {
        EventSink sink = ctx.caller() instanceof GatewayCaller ? ((GatewayCaller) ctx.caller()).events() : null;
        if (sink == null) {
            throw new RpcException(ErrorCode.INVALID_REQUEST, "Events are delivered on WebSocket connections only; "
                    + "open /ws to subscribe");
        }
        return sink;
    }
}
