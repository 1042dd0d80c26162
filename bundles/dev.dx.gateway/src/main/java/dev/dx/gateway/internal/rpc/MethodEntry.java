package dev.dx.gateway.internal.rpc;

import java.util.function.Supplier;

import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/**
 * A registered method.
 *
 * @param name        the method name
 * @param scope       the scope a caller needs
 * @param category    the documentation category
 * @param description one line for methods.list
 * @param method      the implementation, obtained on first use (so registering a method does not activate it)
 * @param serviceId   the service id, which orders competing registrations (lowest, i.e. first, wins)
 * @param bundle      symbolic name of the providing bundle
 */
public record MethodEntry(String name, Scope scope, String category, String description, Supplier<RpcMethod> method,
        long serviceId, String bundle) {
}
