package dev.dx.memory.internal.rpc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryMetadata;
import dev.dx.api.memory.MemoryStore;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code memory.store}: stores (or, with an id, replaces) a document; searchable by text when this returns. */
@Component(service = RpcMethod.class)
@Rpc(method = "memory.store", scope = Scope.WRITE,
        description = "Store a memory: {text, id?, source?, path?, agent?, created?, tags?} -> {id}")
public final class MemoryStoreMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String text, String id, String source, String path, String agent, Instant created,
            List<String> tags) {
    }

    @Reference
    private MemoryStore memory;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        return Calls.run(() -> {
            if (p.text() == null) {
                throw new IllegalArgumentException("Give the text to remember, e.g. {\"text\":\"Dentist on Tuesday\"}");
            }
            String id = memory.store(new MemoryDocument(p.id(), p.text(),
                    new MemoryMetadata(p.source(), p.path(), p.agent(), p.created(), p.tags())));
            return Map.of("id", id);
        });
    }
}
