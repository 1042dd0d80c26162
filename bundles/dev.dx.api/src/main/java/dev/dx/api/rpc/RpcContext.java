package dev.dx.api.rpc;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One call of an {@link RpcMethod}: its parameters and its caller.
 *
 * @since 0.1
 */
@ProviderType
public interface RpcContext {
    /** @return the method name as called */
    String method();

    /** @return who is calling */
    Caller caller();

    /**
     * Binds the parameters to a type, typically a record. Unknown fields are refused, so a misspelt parameter is an
     * error rather than silently ignored.
     *
     * @param <T>  the parameter type
     * @param type the record or class to bind to
     * @return the bound parameters; absent parameters bind as an empty object
     * @throws RpcException {@link ErrorCode#INVALID_PARAMS} naming the field and the problem
     */
    <T> T params(Class<T> type);

    /**
     * @return the parameters as plain maps, lists, strings, numbers and booleans; an empty map when absent
     * @throws RpcException {@link ErrorCode#INVALID_PARAMS} if the parameters are an array
     */
    Map<String, Object> params();
}
