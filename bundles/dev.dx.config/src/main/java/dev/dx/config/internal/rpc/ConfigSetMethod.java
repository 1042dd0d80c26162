package dev.dx.config.internal.rpc;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.config.internal.ConfigManager;
import dev.dx.config.internal.ConfigWriter;

/** {@code config.set}: one key of one configuration, validated, written atomically and applied. */
@Component(service = RpcMethod.class)
@Rpc(method = "config.set", scope = Scope.ADMIN, description = "Set one key: {pid, key, value}; null removes it")
public final class ConfigSetMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String pid, String key, Object value) {
    }

    @Reference
    private ConfigWriter writer;
    @Reference
    private ConfigManager manager;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.pid() == null || p.key() == null) {
            throw RpcException.invalidParams("Give pid and key, e.g. {\"pid\":\"dev.dx.gateway\",\"key\":\"maxBatchSize\","
                    + "\"value\":32}");
        }
        Map<String, Object> kv = new HashMap<>();
        kv.put(p.key(), p.value());
        writer.patch(Map.of(p.pid(), kv), null);
        return Map.of("pid", p.pid(), "hash", manager.hash());
    }
}
