package dev.dx.memory.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryStore;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code memory.reindex}: rebuilds the index from the sources in the background. */
@Component(service = RpcMethod.class)
@Rpc(method = "memory.reindex", scope = Scope.ADMIN,
        description = "Rebuild the memory index from stored documents and memory files (background)")
public final class MemoryReindexMethod implements RpcMethod {
    @Reference
    private MemoryStore memory;

    @Override
    public Object call(RpcContext ctx) {
        return Calls.run(memory::reindex);
    }
}
