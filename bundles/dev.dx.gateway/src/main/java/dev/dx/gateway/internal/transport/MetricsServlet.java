package dev.dx.gateway.internal.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.metrics.GatewayMetrics;
import dev.dx.gateway.internal.rpc.Dispatcher;

/** {@code GET /metrics}: Prometheus text format, bearer token with the read scope required. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("dx-gateway-metrics")
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    private transient AccessPolicy access;
    @Reference
    private transient Dispatcher dispatcher;
    @Reference
    private transient GatewayMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Admission a = access.admit(req, true);
        if (!a.admitted()) {
            HttpReplies.refuse(resp, dispatcher, a);
            return;
        }
        if (a.credential().scopes().stream().noneMatch(s -> s.implies(Scope.READ))) {
            HttpReplies.error(resp, dispatcher, HttpServletResponse.SC_FORBIDDEN,
                    new RpcException(ErrorCode.FORBIDDEN, "Metrics need the 'read' scope"));
            return;
        }
        byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
