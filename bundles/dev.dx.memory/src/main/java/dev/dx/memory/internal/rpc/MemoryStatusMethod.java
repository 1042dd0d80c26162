package dev.dx.memory.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryStore;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code memory.status}: counts, embedder and indexing progress. */
@Component(service = RpcMethod.class)
@Rpc(method = "memory.status", scope = Scope.READ, description = "Memory counts, embedder and indexing progress")
public final class MemoryStatusMethod implements RpcMethod {
    @Reference
    private MemoryStore memory;

    @Override
    public Object call(RpcContext ctx) {
        return Calls.run(memory::status);
    }
}
