package dev.dx.secrets.internal.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.status.StatusContributor;
import dev.dx.secrets.internal.SecretsConfig;

/** {@code secrets.status}: whether the store is locked and how many secrets it holds; nothing more, for read scope. */
@Component(service = RpcMethod.class)
@Rpc(method = "secrets.status", scope = Scope.READ, description = "State of the secret store and number of secrets")
public final class SecretsStatusMethod implements RpcMethod {
    // The store's own status section: the count is known there even while locked, which SecretStore does not expose.
    @Reference(target = "(component.name=" + SecretsConfig.PID + ")")
    private StatusContributor status;

    @Override
    public Object call(RpcContext ctx) {
        ctx.params(NoParams.class);
        Map<String, Object> s = status.status();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("state", s.get("state"));
        r.put("count", s.get("count"));
        return r;
    }
}
