package dev.dx.plugin.internal.rpc;

import java.io.IOException;
import java.util.Base64;

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
 * {@code plugins.install}: an uploaded {@code .dxp} (base64). It is verified first — a refused package changes
 * nothing and the reason comes back as the error — then placed into the deploy folder, where it stays installed.
 * An upload rather than a path: a client is often not on the gateway's machine, and a path parameter would let a
 * caller make the gateway read files of its choosing.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "plugins.install", scope = Scope.ADMIN, description = "Install or update a plugin: {dxp: <base64 of "
        + "the .dxp>} → its state")
public final class PluginsInstallMethod implements RpcMethod {
    @Reference
    private PluginManager manager;

    /** The parameters. */
    public record Params(String dxp) {
    }

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.dxp() == null || p.dxp().isBlank()) {
            throw RpcException.invalidParams("Give the package as {\"dxp\": \"<base64 of the .dxp file>\"}");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(p.dxp().strip());
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams("dxp is not valid base64");
        }
        try {
            return manager.operations().installBytes(bytes);
        } catch (PluginException e) {
            throw Errors.of(e);
        } catch (IOException e) {
            throw Errors.of(e);
        }
    }
}
