package dev.dx.config.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.config.internal.ConfigManager;

/** {@code config.get}: every DX configuration file, secrets masked, with a hash for {@code config.patch}. */
@Component(service = RpcMethod.class)
@Rpc(method = "config.get", scope = Scope.ADMIN, description = "All DX configuration (secrets masked) and its hash")
public final class ConfigGetMethod implements RpcMethod {
    @Reference
    private ConfigManager manager;

    @Override
    public Object call(RpcContext ctx) {
        return ConfigView.of(manager);
    }
}
