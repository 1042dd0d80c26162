package dev.dx.gateway.internal.rpc;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.dx.api.rpc.Caller;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.json.JsonCodec;

/** One call's parameters and caller. */
final class CallContext implements RpcContext {
    private final String method;
    private final Caller caller;
    private final JsonNode params;
    private final JsonCodec codec;

    CallContext(String method, Caller caller, JsonNode params, JsonCodec codec) {
        this.method = method;
        this.caller = caller;
        this.params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
        this.codec = codec;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public <T> T params(Class<T> type) {
        if (params.isArray()) {
            throw RpcException.invalidParams("Method '" + method + "' takes named parameters: send params as an object");
        }
        return codec.bind(params, type);
    }

    @Override
    public Map<String, Object> params() {
        if (params.isArray()) {
            throw RpcException.invalidParams("Method '" + method + "' takes named parameters: send params as an object");
        }
        return codec.toMap(params);
    }
}
