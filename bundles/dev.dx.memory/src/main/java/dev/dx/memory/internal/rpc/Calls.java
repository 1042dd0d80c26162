package dev.dx.memory.internal.rpc;

import java.util.function.Supplier;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/** Maps the memory's exceptions to what an RPC caller should see. */
final class Calls {
    private Calls() {
    }

    /** @throws IllegalArgumentException with {@code message} if {@code value} is missing or blank */
    static void require(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(message);
        }
    }

    static <T> T run(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams(e.getMessage());
        } catch (IllegalStateException e) {
            throw new RpcException(ErrorCode.UNAVAILABLE, e.getMessage(), e);
        }
    }
}
