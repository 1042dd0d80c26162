package dev.dx.config.internal.rpc;

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

/** {@code config.patch}: a JSON merge patch over one or more configurations, guarded by the hash it was based on. */
@Component(service = RpcMethod.class)
@Rpc(method = "config.patch", scope = Scope.ADMIN,
        description = "Merge patch {patch: {pid: {key: value|null}}, baseHash}; a stale baseHash is a CONFLICT")
public final class ConfigPatchMethod implements RpcMethod {
    /** Parameters. */
    public record Params(Map<String, Map<String, Object>> patch, String baseHash) {
    }

    @Reference
    private ConfigWriter writer;
    @Reference
    private ConfigManager manager;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.baseHash() == null || p.baseHash().isBlank()) {
            throw RpcException.invalidParams("Give baseHash: the hash from config.get your patch is based on");
        }
        return Map.of("pids", writer.patch(p.patch(), p.baseHash()), "hash", manager.hash());
    }
}
