package dev.dx.memory.internal.rpc;

import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryStore;
import dev.dx.api.memory.SearchMode;
import dev.dx.api.memory.SearchOptions;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code memory.search}: hybrid, text or semantic search with filters. */
@Component(service = RpcMethod.class)
@Rpc(method = "memory.search", scope = Scope.READ,
        description = "Search memory: {query, mode?: hybrid|text|semantic, limit?, agent?, source?, tags?, from?, to?}")
public final class MemorySearchMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String query, String mode, Integer limit, String agent, String source, List<String> tags,
            Instant from, Instant to) {
    }

    @Reference
    private MemoryStore memory;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        return Calls.run(() -> {
            Calls.require(p.query(), "Give a query, e.g. {\"query\":\"when is the dentist appointment\"}");
            SearchOptions o = new SearchOptions(SearchMode.of(p.mode()), p.limit() == null ? 0 : p.limit(), p.agent(),
                    p.source(), p.tags(), p.from(), p.to());
            return memory.search(p.query(), o);
        });
    }
}
