package dev.dx.secrets.internal.store;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/** The errors the store reports. Each says what is wrong and what to do; none contains a value or a path. */
final class Problems {
    static final String LOCKED = "The secret store is locked: run secrets:unlock in the console or set "
            + "DX_MASTER_PASSWORD";
    static final String UNINITIALIZED = "There is no secret store yet: run secrets:unlock in the console to choose a "
            + "master password, or set DX_MASTER_PASSWORD";

    private Problems() {
    }

    static RpcException locked(boolean exists) {
        return new RpcException(ErrorCode.UNAVAILABLE, exists ? LOCKED : UNINITIALIZED);
    }

    static String untrusted(String fileName, String reason) {
        return "The secret store file " + fileName + " cannot be trusted: " + reason + ". Nothing was read from it and "
                + "nothing will be written to it. Restore it from a backup, or move it aside to start a new empty "
                + "store, then run secrets:unlock";
    }

    static String changedOnDisk(String fileName) {
        return "The secret store file " + fileName + " changed on disk since it was unlocked, so it is not overwritten. "
                + "Run secrets:lock and then secrets:unlock to read and verify it again";
    }

    static RpcException wrongPassword(long waitMs) {
        String wait = waitMs > 0 ? "; wait " + Throttle.seconds(waitMs) + " s before the next attempt" : "";
        return new RpcException(ErrorCode.UNAUTHORIZED, "Wrong master password: the secret store stays locked and "
                + "nothing was changed" + wait, waitMs > 0 ? waitMs : -1, null);
    }

    static RpcException saveFailed(Throwable cause) {
        return new RpcException(ErrorCode.INTERNAL_ERROR, "Could not save the secret store, so nothing was changed: "
                + "check that the data folder is writable and not full", cause);
    }

    static RpcException closed() {
        return new RpcException(ErrorCode.UNAVAILABLE, "The secret store is stopping; try again in a moment");
    }
}
