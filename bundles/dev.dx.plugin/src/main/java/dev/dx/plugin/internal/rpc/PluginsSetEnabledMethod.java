package dev.dx.plugin.internal.rpc;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.plugin.internal.PluginManager;

/**
 * {@code plugins.setEnabled}: switches a plugin off or on, now and in its configuration file. Enabling also clears
 * a disablement after repeated failures.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "plugins.setEnabled", scope = Scope.ADMIN, description = "Enable or disable a plugin: {id, enabled}")
public final class PluginsSetEnabledMethod implements RpcMethod {
    @Reference
    private PluginManager manager;

    /** The parameters. */
    public record Params(String id, Boolean enabled) {
    }

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        String id = Errors.id(p.id());
        if (p.enabled() == null) {
            throw RpcException.invalidParams("Give enabled: true or false");
        }
        try {
            return manager.operations().setEnabled(id, p.enabled());
        } catch (PluginException e) {
            throw Errors.of(e);
        } catch (IOException e) {
            throw Errors.of(e);
        }
    }
}
