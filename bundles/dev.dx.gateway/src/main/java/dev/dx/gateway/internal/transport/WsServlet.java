package dev.dx.gateway.internal.transport;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.websocket.api.WebSocketPolicy;
import org.eclipse.jetty.websocket.server.WebSocketServerFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.metrics.GatewayMetrics;
import dev.dx.gateway.internal.rpc.Dispatcher;

/**
 * {@code /ws}: the WebSocket door. Everything that can be decided from the HTTP request is decided before the
 * upgrade — a foreign Origin gets 403, a bad bearer token 401, a locked-out client or one over the connection caps
 * 429 — so a refused client never gets a socket. The upgrade itself is Jetty's, driven directly so the gateway keeps
 * control of it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/ws")
@HttpWhiteboardServletName("dx-gateway-ws")
public final class WsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WsServlet.class);
    private static final AtomicLong IDS = new AtomicLong();

    @Reference
    private transient AccessPolicy access;
    @Reference
    private transient Dispatcher dispatcher;
    @Reference
    private transient ConnectionRegistry connections;
    @Reference
    private transient GatewayMetrics metrics;

    private transient WebSocketServerFactory factory;
    private transient String version;

    @Override
    public void init() throws ServletException {
        // Only the starting point: each connection applies the limits in force when it opens to its own copy of the
        // policy (WsConnection.onWebSocketConnect), so edits of etc/dev.dx.gateway.cfg need no restart.
        WebSocketPolicy policy = WebSocketPolicy.newServerPolicy();
        Limits l = connections.limits();
        policy.setMaxTextMessageSize(l.preAuthMaxMessageBytes());
        policy.setMaxTextMessageBufferSize(Math.min(l.preAuthMaxMessageBytes(), 32 * 1024));
        policy.setMaxBinaryMessageSize(1024);
        policy.setIdleTimeout(l.idleTimeoutMs());
        BundleContext ctx = FrameworkUtil.getBundle(WsServlet.class).getBundleContext();
        version = ctx == null ? "" : ctx.getBundle().getVersion().toString();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            // Jetty records the context class loader for its callbacks; make it one that sees Jetty.
            Thread.currentThread().setContextClassLoader(WebSocketServerFactory.class.getClassLoader());
            factory = new WebSocketServerFactory(getServletContext(), policy);
            factory.start();
        } catch (Exception e) {
            throw new ServletException("Cannot start the WebSocket support of the gateway", e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public void destroy() {
        try {
            factory.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the WebSocket factory failed", e);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!factory.isUpgradeRequest(req, resp)) {
            if (!resp.isCommitted()) {
                resp.setHeader("Upgrade", "websocket");
                HttpReplies.error(resp, dispatcher, 426, new RpcException(ErrorCode.INVALID_REQUEST,
                        "This is the WebSocket endpoint: open it with a WebSocket client (or use POST /rpc)"));
            }
            return;
        }
        Admission a = access.admit(req, false);
        if (!a.admitted()) {
            metrics.upgradeRejected();
            HttpReplies.refuse(resp, dispatcher, a);
            return;
        }
        ConnectionRegistry.Refusal refusal = connections.reserve(a.address());
        if (refusal != null) {
            metrics.upgradeRejected();
            HttpReplies.error(resp, dispatcher, refusal == ConnectionRegistry.Refusal.ADDRESS ? 429 : 503,
                    new RpcException(ErrorCode.RATE_LIMITED, refusal == ConnectionRegistry.Refusal.ADDRESS
                            ? "Too many connections from your address; close some first"
                            : "The gateway has too many connections; retry later", 1000, null));
            return;
        }
        WsConnection conn = new WsConnection("ws-" + IDS.incrementAndGet(), a.address(), a.credential(), a.authKey(),
                connections.limits(), connections, dispatcher, access, metrics, version);
        boolean upgraded = false;
        try {
            upgraded = factory.acceptWebSocket((upReq, upResp) -> conn, req, resp);
        } finally {
            if (!upgraded) {
                conn.release();
            }
        }
    }
}
