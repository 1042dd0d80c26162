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

import dev.dx.gateway.internal.rpc.Dispatcher;

/**
 * {@code GET /health}: no authentication and no details, just whether the gateway answers — for supervisors and
 * load balancers. Registered only while the dispatcher is up, so a 404 means "not ready".
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("dx-gateway-health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    @Reference
    private transient Dispatcher dispatcher;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(OK.length);
        resp.getOutputStream().write(OK);
    }
}
