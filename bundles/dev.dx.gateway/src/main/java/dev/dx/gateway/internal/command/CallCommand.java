package dev.dx.gateway.internal.command;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.auth.Credential;
import dev.dx.gateway.internal.rpc.Dispatcher;
import dev.dx.gateway.internal.rpc.GatewayCaller;

/** {@code gateway:call}: invokes any method from the console, as an administrator, and prints its result. */
@Service
@Command(scope = "gateway", name = "call", description = "Calls a gateway method, e.g. gateway:call status, "
        + "gateway:call sessions.list '{\"limit\":5}'")
public final class CallCommand implements Action {
    private static final AtomicLong IDS = new AtomicLong();

    @Reference
    private Dispatcher dispatcher;

    @Argument(index = 0, name = "method", required = true, description = "Method name (gateway:methods lists them)")
    @Completion(MethodNameCompleter.class)
    private String method;

    @Argument(index = 1, name = "params", description = "Parameters as a JSON object")
    private String params;

    @Override
    public Object execute() throws Exception {
        ObjectNode req = dispatcher.codec().mapper().createObjectNode();
        req.put("jsonrpc", "2.0").put("id", 1).put("method", method);
        if (params != null && !params.isBlank()) {
            try {
                req.set("params", dispatcher.codec().parse(params));
            } catch (RpcException e) {
                System.err.println("The parameters are not valid JSON: " + e.getMessage());
                return null;
            }
        }
        GatewayCaller caller = new GatewayCaller("shell-" + IDS.incrementAndGet(), "shell", "console", null);
        caller.authenticate(Credential.console(), null);
        String answer = dispatcher.dispatch(caller, req).get(5, TimeUnit.MINUTES);
        JsonNode r = dispatcher.codec().parse(answer);
        if (r.has("error")) {
            JsonNode e = r.get("error");
            System.err.println("Error " + e.path("data").path("code").asText(e.path("code").asText()) + ": "
                    + e.path("message").asText());
            return null;
        }
        System.out.println(dispatcher.codec().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.get("result")));
        return null;
    }
}
