package dev.dx.memory.internal.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryStore;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.memory.internal.Lines;

/** {@code memory.get}: a document (or memory file), whole or a range of its lines. */
@Component(service = RpcMethod.class)
@Rpc(method = "memory.get", scope = Scope.READ,
        description = "Read a memory: {id, fromLine?, lines?} -> text and metadata")
public final class MemoryGetMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String id, Integer fromLine, Integer lines) {
    }

    @Reference
    private MemoryStore memory;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        return Calls.run(() -> {
            Calls.require(p.id(), "Give the id of a memory, as memory.search shows it");
            MemoryDocument d = memory.get(p.id()).orElseThrow(() -> RpcException.notFound("No memory '" + p.id()
                    + "'; memory.search shows the ids"));
            Lines l = Lines.of(d.text(), p.fromLine() == null ? 1 : p.fromLine(), p.lines() == null ? 0 : p.lines(),
                    Integer.MAX_VALUE);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", d.id());
            out.put("text", l.text());
            out.put("fromLine", l.fromLine());
            out.put("toLine", l.toLine());
            out.put("totalLines", l.totalLines());
            out.put("metadata", d.metadata());
            return out;
        });
    }
}
