package dev.dx.approval.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.rpc.Caller;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.approval.internal.ApprovalConfig;
import dev.dx.approval.internal.policy.Policy;

/**
 * Writes the policy to {@code etc/dev.dx.approval.cfg} by calling the configuration service's own public methods
 * ({@code config.get} for the hash, then {@code config.patch}) on behalf of the administrator who called
 * {@code exec.approvals.set}: the file is validated, written atomically with its comments kept, and delivered to this
 * bundle like any other edit. Without the configuration feature the policy can only be edited in the file.
 */
@Component(service = PolicyWriter.class)
public final class PolicyWriter {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Reference(target = "(dx.rpc.method=config.get)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RpcMethod configGet;
    @Reference(target = "(dx.rpc.method=config.patch)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RpcMethod configPatch;

    /** @throws RpcException {@code UNAVAILABLE} without the configuration service; its own errors as they are */
    void write(Caller caller, Policy policy) {
        RpcMethod get = configGet;
        RpcMethod patch = configPatch;
        if (get == null || patch == null) {
            throw new RpcException(ErrorCode.UNAVAILABLE, "The policy is kept in etc/dev.dx.approval.cfg, and the "
                    + "configuration service that writes it is not running (feature dx-config); edit the file instead");
        }
        for (int attempt = 0;; attempt++) {
            Object view = get.call(new Call("config.get", caller, Map.of()));
            Object hash = view instanceof Map ? ((Map<?, ?>) view).get("hash") : null;
            if (hash == null) {
                throw new RpcException(ErrorCode.UNAVAILABLE, "The configuration service did not say which version it "
                        + "holds; edit etc/dev.dx.approval.cfg instead");
            }
            try {
                patch.call(new Call("config.patch", caller, Map.of("patch", Map.of(ApprovalConfig.PID,
                        policy.toMap()), "baseHash", String.valueOf(hash))));
                return;
            } catch (RpcException e) {
                if (e.error() != ErrorCode.CONFLICT || attempt > 0) {
                    throw e;
                }
                // another change landed between reading the hash and patching: read it again, once
            }
        }
    }

    /** A call of another method, made with the caller's own identity and scopes. */
    private record Call(String method, Caller caller, Map<String, Object> params) implements RpcContext {
        @Override
        public <T> T params(Class<T> type) {
            try {
                return JSON.convertValue(params, type);
            } catch (IllegalArgumentException e) {
                throw RpcException.invalidParams("Parameters of " + method + " do not fit: " + e.getMessage());
            }
        }
    }
}
