package dev.dx.gateway.internal.core;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code status}: version, uptime, listeners, DX bundles and features, connections. */
@Component(service = RpcMethod.class)
@Rpc(method = "status", scope = Scope.READ, category = "gateway",
        description = "Version, uptime, gateway address, DX bundles and features, connections")
public final class StatusMethod implements RpcMethod {
    @Reference
    private StatusReport report;

    @Override
    public Object call(RpcContext ctx) {
        return report.report();
    }
}
