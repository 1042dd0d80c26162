package dev.dx.api.rpc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A gateway method. Register it as a service with the {@link Rpc} properties; the gateway serves it while the service
 * is registered and stops routing to it when it goes away.
 *
 * @since 0.1
 */
@ConsumerType
public interface RpcMethod {
    /**
     * Handles one call. The result is serialised to JSON: a record, map, list, string, number, boolean or
     * {@code null}. A {@link java.util.concurrent.CompletionStage} result is awaited without holding a thread, for
     * methods that wait on something.
     *
     * @param ctx the call's parameters and caller
     * @return the result
     * @throws RpcException for an error the caller should see; any other exception becomes
     *                      {@link ErrorCode#INTERNAL_ERROR} with its details only in the log
     */
    Object call(RpcContext ctx);
}
