package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import dev.dx.api.approval.ExecApprovals;
import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.api.session.Page;
import dev.dx.api.session.SessionStore;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;

/** The core tools as the agent runtime meets them: whiteboard services, confined, approved, and hot-reloadable. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ToolsIT extends DxTestSupport {
    private static final List<String> CORE = List.of("read", "write", "edit", "exec", "web_fetch");

    private Tool tool(String name) {
        return waitForService(Tool.class, "(" + ToolName.PROPERTY + "=" + name + ")", TIMEOUT_MS);
    }

    private static Path workspace() throws Exception {
        return Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "tmp", "tools-it", "workspace"));
    }

    private static ToolResult call(Tool tool, Path ws, Map<String, Object> args) {
        return tool.invoke(new ToolInvocation("c1", "main", "01JTOOLSIT0000000000000000", "r1", ws, args));
    }

    /** Calls until the tool succeeds; on timeout the failure names the last result. */
    private static ToolResult awaitSuccess(String what, Condition<ToolResult> call) {
        AtomicReference<ToolResult> last = new AtomicReference<>();
        try {
            return await(what, TIMEOUT_MS, () -> {
                last.set(call.get());
                return last.get().error() ? null : last.get();
            });
        } catch (AssertionError e) {
            // Pax Exam reports only the innermost cause, so the last result goes into a fresh error
            throw new AssertionError(e.getMessage() + "; last result: " + last.get());
        }
    }

    @Test
    public void a_theCoreToolsAreRegisteredWithTheirNames() {
        for (String name : CORE) {
            Tool t = tool(name);
            assertEquals(name, t.spec().name());
            assertEquals("object", t.spec().parameters().get("type"));
        }
    }

    @Test
    public void b_readAndWriteStayInsideTheWorkspace() throws Exception {
        Path ws = workspace();
        Path outside = ws.getParent().resolve("outside.txt");
        Files.writeString(outside, "OUTSIDE");
        Tool write = tool("write");
        Tool read = tool("read");
        ToolResult w = call(write, ws, Map.of("path", "notes/today.md", "content", "# Today\nship the tools\n"));
        assertFalse(w.content(), w.error());
        assertEquals("# Today\nship the tools\n", Files.readString(ws.resolve("notes/today.md")));
        ToolResult r = call(read, ws, Map.of("path", "notes/today.md"));
        assertEquals("# Today\nship the tools\n", r.content());

        ToolResult escape = call(read, ws, Map.of("path", "../outside.txt"));
        assertTrue(escape.content(), escape.error() && escape.content().contains(".."));
        ToolResult escapeWrite = call(write, ws, Map.of("path", outside.toString(), "content", "pwned"));
        assertTrue(escapeWrite.content(), escapeWrite.error() && escapeWrite.content().contains("outside"));
        Path link = ws.resolve("link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        ToolResult viaLink = call(read, ws, Map.of("path", "link"));
        assertTrue(viaLink.content(), viaLink.error() && viaLink.content().contains("symbolic link"));
        assertEquals("OUTSIDE", Files.readString(outside));
    }

    /** An approval service written for the test: allows everything, records it, claims once per exact request. */
    static final class RecordingApprovals implements ExecApprovals {
        final Map<String, ExecRequest> approved = new ConcurrentHashMap<>();
        final List<ExecRequest> claimed = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<ExecDecision> check(ExecRequest request) {
            String id = UUID.randomUUID().toString();
            approved.put(id, request);
            return CompletableFuture.completedFuture(new ExecDecision(true, id, "rule:itest", null));
        }

        @Override
        public boolean claim(String approvalId, ExecRequest request) {
            claimed.add(request);
            return request.equals(approved.remove(approvalId));
        }
    }

    @Test
    public void c_execIsRefusedWithoutAnApproverAndRunsExactlyWhatWasApproved() throws Exception {
        Tool exec = tool("exec");
        Path ws = workspace();
        Map<String, Object> args = Map.of("argv", List.of("echo", "$(id)", "hello"));
        if (bundleContext.getServiceReference(ExecApprovals.class) == null) {
            ToolResult denied = call(exec, ws, args);
            assertTrue(denied.content(), denied.error());
            assertTrue(denied.content(), denied.content().contains("exec needs the approval service (feature "
                    + "dx-approval)"));
        }
        RecordingApprovals approvals = new RecordingApprovals();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        ServiceRegistration<ExecApprovals> reg = bundleContext.registerService(ExecApprovals.class, approvals, props);
        try {
            ToolResult ran = awaitSuccess("exec runs once an approver is there", () -> call(exec, ws, args));
            assertEquals("$(id) hello\n[exit code 0]", ran.content());
            assertEquals(1, approvals.claimed.size());
            ExecRequest req = approvals.claimed.get(0);
            assertTrue(req.argv().toString(), req.argv().get(0).endsWith("/echo"));
            assertEquals(List.of("$(id)", "hello"), req.argv().subList(1, 3));
            assertEquals(ws.toRealPath().toString(), req.cwd());
            ToolResult smuggled = call(exec, ws, Map.of("argv", List.of("true"), "approved", true));
            assertTrue(smuggled.content(), smuggled.error() && smuggled.content().contains("not accepted"));
        } finally {
            reg.unregister();
        }
        if (bundleContext.getServiceReference(ExecApprovals.class) == null) {
            assertTrue(await("deny by default again", TIMEOUT_MS, () -> call(exec, ws, args).error()));
        }
    }

    @Test
    public void d_webFetchRefusesLoopback() throws Exception {
        Tool fetch = tool("web_fetch");
        for (String url : List.of("http://127.0.0.1:" + httpPort() + "/health", "http://localhost:" + httpPort()
                + "/health", "http://2130706433:" + httpPort() + "/", "http://[::1]:" + httpPort() + "/",
                "file:///etc/passwd")) {
            ToolResult r = call(fetch, workspace(), Map.of("url", url));
            assertTrue(url + ": " + r.content(), r.error());
            assertFalse(r.content(), r.content().contains("\"ok\""));
        }
    }

    @Test
    public void e_allowedNetworksComeFromTheConfigFile() throws Exception {
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "dev.dx.tools.fetch.cfg");
        Map<String, Object> args = Map.of("url", "http://127.0.0.1:" + httpPort() + "/health");
        try {
            Path tmp = cfg.resolveSibling("dev.dx.tools.fetch.cfg.part");
            Files.writeString(tmp, "allowedNetworks = 127.0.0.1/32\n", StandardCharsets.ISO_8859_1);
            Files.move(tmp, cfg, StandardCopyOption.ATOMIC_MOVE);
            ToolResult ok = awaitSuccess("the owner's allowed network applies",
                    () -> call(tool("web_fetch"), workspace(), args));
            assertTrue(ok.content(), ok.content().contains("Status: 200"));
        } finally {
            Files.deleteIfExists(cfg);
        }
        assertTrue(await("blocked again once the file is gone", TIMEOUT_MS,
                () -> call(tool("web_fetch"), workspace(), args).error()));
    }

    @Test
    public void f_sessionToolsFollowTheSessionStore() throws Exception {
        String filter = "(" + ToolName.PROPERTY + "=sessions_list)";
        if (bundleContext.getServiceReference(SessionStore.class) != null) {
            assertEquals("sessions_list", tool("sessions_list").spec().name());
            return;
        }
        assertTrue(bundleContext.getServiceReferences(Tool.class, filter).isEmpty());
        SessionStore empty = (SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SessionStore.class}, (proxy, method, a) -> {
                    if (method.getName().equals("list")) {
                        return new Page<>(List.of(), null);
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("hashCode") ? 1 : method.getName().equals("equals")
                                ? proxy == a[0] : "empty store";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ServiceRegistration<SessionStore> reg = bundleContext.registerService(SessionStore.class, empty, null);
        try {
            ToolResult r = call(tool("sessions_list"), workspace(), Map.of());
            assertFalse(r.content(), r.error());
            assertTrue(r.content(), r.content().contains("No active sessions"));
        } finally {
            reg.unregister();
        }
        assertTrue(await("sessions_list leaves with the store", TIMEOUT_MS,
                () -> bundleContext.getServiceReferences(Tool.class, filter).isEmpty()));
    }

    @Test
    public void g_restartingTheBundleBringsTheToolsBack() throws Exception {
        Bundle tools = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "dev.dx.tools".equals(b.getSymbolicName())).findFirst().orElseThrow();
        ServiceReference<Tool> before = bundleContext.getServiceReferences(Tool.class,
                "(" + ToolName.PROPERTY + "=read)").iterator().next();
        for (int i = 0; i < 3; i++) {
            String out = executeCommand("bundle:restart " + tools.getBundleId());
            assertFalse(out, out.contains("Error"));
        }
        for (String name : CORE) {
            tool(name);
        }
        ServiceReference<Tool> after = bundleContext.getServiceReferences(Tool.class,
                "(" + ToolName.PROPERTY + "=read)").iterator().next();
        assertNotEquals(before.getProperty(Constants.SERVICE_ID), after.getProperty(Constants.SERVICE_ID));
        Path ws = workspace();
        assertEquals("# Today\nship the tools\n", call(tool("read"), ws, Map.of("path", "notes/today.md")).content());
        await("no watchdog threads leaked by restarts", TIMEOUT_MS, () -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("dx-tools-fetch-watchdog")).count() <= 1);
    }
}
