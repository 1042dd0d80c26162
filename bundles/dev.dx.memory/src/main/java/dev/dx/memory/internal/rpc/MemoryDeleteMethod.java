package dev.dx.memory.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryStore;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code memory.delete}: deletes a stored document. */
@Component(service = RpcMethod.class)
@Rpc(method = "memory.delete", scope = Scope.WRITE, description = "Delete a stored memory: {id}")
public final class MemoryDeleteMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String id) {
    }

    @Reference
    private MemoryStore memory;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        return Calls.run(() -> {
            Calls.require(p.id(), "Give the id of the memory to delete");
            if (!memory.delete(p.id())) {
                throw RpcException.notFound("No stored memory '" + p.id() + "'; memory.search shows the ids");
            }
            return Map.of("id", p.id(), "deleted", true);
        });
    }
}
