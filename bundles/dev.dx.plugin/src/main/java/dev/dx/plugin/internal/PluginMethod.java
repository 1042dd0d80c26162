package dev.dx.plugin.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** A plugin's gateway method {@code plugin.<id>.<name>}. */
final class PluginMethod implements RpcMethod {
    private final PluginEntry entry;
    private final String name;

    PluginMethod(PluginEntry entry, PluginManifest.MethodEntry decl) {
        this.entry = entry;
        this.name = decl.name();
    }

    @Override
    public Object call(RpcContext ctx) {
        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("scopes", ctx.caller().scopes().stream().map(Scope::id).sorted().toList());
        caller.put("transport", ctx.caller().transport());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("params", ctx.params());
        input.put("caller", caller);
        String export = "method:" + name;
        Envelopes.MethodResult r;
        try {
            r = entry.call(export, Envelopes.write(input), out -> Envelopes.method(out, export));
        } catch (PluginException e) {
            throw new RpcException(e.code() == PluginException.Code.TIMEOUT ? ErrorCode.TIMEOUT : ErrorCode.UNAVAILABLE,
                    "Plugin '" + entry.id + "' failed (" + e.code() + "): " + e.getMessage());
        }
        if (r.errorCode() != null) {
            throw new RpcException(code(r.errorCode()), r.errorMessage());
        }
        return r.result();
    }

    private static ErrorCode code(String name) {
        for (ErrorCode c : ErrorCode.values()) {
            // a plugin may report what the caller got wrong, not pretend the gateway broke
            if (c.name().equals(name) && c != ErrorCode.INTERNAL_ERROR && c != ErrorCode.UNAUTHORIZED) {
                return c;
            }
        }
        return ErrorCode.UNAVAILABLE;
    }
}
