package dev.dx.plugin.internal.rpc;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.plugin.internal.PluginManager;

/** {@code plugins.uninstall}: stops a plugin and deletes its package from the deploy folder. */
@Component(service = RpcMethod.class)
@Rpc(method = "plugins.uninstall", scope = Scope.ADMIN, description = "Uninstall a plugin: {id, purge?}; purge also "
        + "deletes what it stored")
public final class PluginsUninstallMethod implements RpcMethod {
    @Reference
    private PluginManager manager;

    /** The parameters. */
    public record Params(String id, Boolean purge) {
    }

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        String id = Errors.id(p.id());
        try {
            manager.operations().uninstall(id, Boolean.TRUE.equals(p.purge()));
            return Map.of("id", id, "uninstalled", true);
        } catch (PluginException e) {
            throw Errors.of(e);
        } catch (IOException e) {
            throw Errors.of(e);
        }
    }
}
