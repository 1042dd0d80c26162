package dev.dx.plugin.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.plugin.internal.PluginManager;

/** {@code plugins.list}: every installed plugin with its state and health, and every refused package. */
@Component(service = RpcMethod.class)
@Rpc(method = "plugins.list", scope = Scope.READ, description = "Installed plugins: id, version, state, health, "
        + "problem, calls, failures; refused packages with the reason")
public final class PluginsListMethod implements RpcMethod {
    @Reference
    private PluginManager manager;

    @Override
    public Object call(RpcContext ctx) {
        ctx.params(NoParams.class);
        return Map.of("plugins", manager.operations().list());
    }

    /** No parameters. */
    public record NoParams() {
    }
}
