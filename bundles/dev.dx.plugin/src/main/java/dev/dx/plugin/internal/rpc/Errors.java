package dev.dx.plugin.internal.rpc;

import java.io.IOException;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/** Plugin host failures as RPC errors. */
final class Errors {
    private Errors() {
    }

    static RpcException of(PluginException e) {
        return switch (e.code()) {
            case INVALID, DENIED -> new RpcException(ErrorCode.INVALID_PARAMS, e.getMessage());
            case TIMEOUT -> new RpcException(ErrorCode.TIMEOUT, e.getMessage());
            case UNAVAILABLE -> e.getMessage().startsWith("no plugin") ? RpcException.notFound(e.getMessage())
                    : new RpcException(ErrorCode.UNAVAILABLE, e.getMessage());
            default -> new RpcException(ErrorCode.UNAVAILABLE, e.getMessage());
        };
    }

    static RpcException of(IOException e) {
        return new RpcException(ErrorCode.UNAVAILABLE, "The plugin files could not be written or read; check the "
                + "deploy and data folders", e);
    }

    static String id(String id) {
        if (id == null || id.isBlank()) {
            throw RpcException.invalidParams("Give the plugin id, e.g. {\"id\": \"echo\"}; plugins.list shows them");
        }
        return id;
    }
}
