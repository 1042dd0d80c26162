package dev.dx.gateway.internal.core;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code events.unsubscribe}: stop receiving events for the patterns, or for all when none are given. */
@Component(service = RpcMethod.class)
@Rpc(method = "events.unsubscribe", scope = Scope.READ, category = "events",
        description = "Stop receiving events for topic patterns (all when none are given)")
public final class EventsUnsubscribeMethod implements RpcMethod {
    @Override
    public Object call(RpcContext ctx) {
        EventsSubscribeMethod.Params p = ctx.params(EventsSubscribeMethod.Params.class);
        return Map.of("topics", EventsSubscribeMethod.sink(ctx).unsubscribe(p.topics()));
    }
}
