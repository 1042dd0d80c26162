package dev.dx.config.internal.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.config.internal.schema.SchemaCatalog;

/** {@code config.schema}: JSON Schemas generated from the components' MetaType. */
@Component(service = RpcMethod.class)
@Rpc(method = "config.schema", scope = Scope.READ,
        description = "JSON Schema of one configuration ({pid}) or of all DX configurations")
public final class ConfigSchemaMethod implements RpcMethod {
    /** Parameters: a PID (or factory PID), or none for all. */
    public record Params(String pid) {
    }

    @Reference
    private SchemaCatalog catalog;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        Map<String, Map<String, Object>> all = catalog.all();
        if (p.pid() == null) {
            return all;
        }
        Map<String, Object> one = all.get(p.pid());
        if (one == null) {
            throw RpcException.notFound("No schema for '" + p.pid() + "'; known: " + String.join(", ", all.keySet()));
        }
        return new LinkedHashMap<>(one);
    }
}
