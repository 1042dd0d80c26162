package dev.dx.gateway.internal.core;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.rpc.MethodRegistry;

/** {@code methods.list}: what can be called right now, as the bundles that provide it come and go. */
@Component(service = RpcMethod.class)
@Rpc(method = "methods.list", scope = Scope.READ, category = "gateway",
        description = "The methods available now: name, category, scope, description")
public final class MethodsListMethod implements RpcMethod {
    /** One method as listed. */
    public record Info(String name, String category, String scope, String description, String bundle) {
    }

    @Reference
    private MethodRegistry registry;

    @Override
    public Object call(RpcContext ctx) {
        return list(registry);
    }

    static List<Info> list(MethodRegistry registry) {
        return registry.list().stream()
                .map(m -> new Info(m.name(), m.category(), m.scope().id(), m.description(), m.bundle()))
                .toList();
    }
}
