package dev.dx.gateway.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.rpc.Dispatcher;
import dev.dx.gateway.internal.rpc.GatewayCaller;

/**
 * {@code POST /rpc}: one JSON-RPC request or a batch per HTTP request, bearer token required. RPC errors come back
 * with HTTP 200 inside the JSON-RPC response; only refusals before any JSON is read use other statuses (401, 403, 413,
 * 429). A request of notifications only gets 204. Each client address has a request rate and a cap on requests in
 * flight, like each WebSocket connection.
 */
// No configurationPid here: configuration properties would become service properties, and every change would make
// the HTTP whiteboard re-register the servlet. Limits come from the dispatcher instead.
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/rpc")
@HttpWhiteboardServletName("dx-gateway-rpc")
public final class RpcServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong IDS = new AtomicLong();

    @Reference
    private transient AccessPolicy access;
    @Reference
    private transient Dispatcher dispatcher;
    @Reference
    private transient HttpRequestLimits limits;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Allow", "POST");
        HttpReplies.error(resp, dispatcher, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                new RpcException(ErrorCode.INVALID_REQUEST, "Use POST with a JSON-RPC 2.0 body"));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Admission a = access.admit(req, true);
        if (!a.admitted()) {
            HttpReplies.refuse(resp, dispatcher, a);
            return;
        }
        HttpRequestLimits.Slot slot;
        try {
            slot = limits.acquire(a.address());
        } catch (RpcException e) {
            HttpReplies.error(resp, dispatcher, 429, e);
            return;
        }
        try (slot) {
            answer(req, resp, a);
        }
    }

    private void answer(HttpServletRequest req, HttpServletResponse resp, Admission a) throws IOException {
        int maxBytes = dispatcher.maxMessageBytes();
        byte[] body = readBody(req, maxBytes);
        if (body == null) {
            HttpReplies.error(resp, dispatcher, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    new RpcException(ErrorCode.TOO_LARGE, "Request larger than " + maxBytes + " bytes"));
            return;
        }
        GatewayCaller caller = new GatewayCaller("http-" + IDS.incrementAndGet(), "http", a.address(), null);
        caller.authenticate(a.credential(), null);
        String answer;
        try {
            JsonNode doc = dispatcher.codec().parse(body);
            answer = dispatcher.dispatch(caller, doc).get(dispatcher.methodTimeoutMs() + 1000, TimeUnit.MILLISECONDS);
        } catch (RpcException e) {
            answer = dispatcher.error("null", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = dispatcher.error("null", new RpcException(ErrorCode.UNAVAILABLE, "The gateway is stopping"));
        } catch (ExecutionException | TimeoutException e) {
            answer = dispatcher.error("null", new RpcException(ErrorCode.TIMEOUT, "The request did not complete in time"));
        }
        if (answer == null) {
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        HttpReplies.json(resp, HttpServletResponse.SC_OK, answer);
    }

    /** @return the body, or {@code null} if it is larger than allowed (read no further than the limit) */
    private static byte[] readBody(HttpServletRequest req, int maxBytes) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > maxBytes) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] buf = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + n > maxBytes) {
                    return null;
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }
}
