package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The real {@code bin/dx} of the distribution under test, run as a separate process against the running gateway: it
 * must find the port in {@code etc/dev.dx.gateway.cfg} and the token in the data folder on its own.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class CliIT extends DxTestSupport {
    /** Deadline for one bin/dx run: a JVM start on a busy machine plus one call. */
    private static final long RUN_TIMEOUT_MS = 60_000;

    /** What one run of bin/dx did. */
    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Path work;

    @Before
    public void gatewayUp() throws IOException {
        http();
        token();
        work = Files.createTempDirectory(Paths.get(System.getProperty("karaf.data")), "cli-it");
    }

    private Run dx(String... args) throws Exception {
        return dx(Map.of(), script(), args);
    }

    /** Runs the script in a clean environment (nothing pointing elsewhere) plus {@code env}. */
    private Run dx(Map<String, String> env, Path script, String... args) throws Exception {
        assertTrue(script + " is executable", Files.isExecutable(script));
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> e = pb.environment();
        for (String k : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_ETC", "KARAF_DATA", "DX_HOME", "DX_TOKEN")) {
            e.remove(k);
        }
        // the container's own JDK: certainly a Java 17
        e.put("JAVA_HOME", System.getProperty("java.home"));
        e.putAll(env);
        File out = Files.createTempFile(work, "out", ".txt").toFile();
        File err = Files.createTempFile(work, "err", ".txt").toFile();
        Process p = pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        if (!p.waitFor(RUN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/dx " + String.join(" ", args) + " did not end within " + RUN_TIMEOUT_MS
                    + " ms");
        }
        Run run = new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        String token = token();
        assertFalse("the token is never printed: " + String.join(" ", args),
                run.out().contains(token) || run.err().contains(token));
        return run;
    }

    @Test
    public void a_callPrintsTheResultAsJson() throws Exception {
        Run r = dx("call", "health");
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.toString(), r.out().contains("\"ok\" : true"));
        assertEquals(r.toString(), "", r.err());
    }

    @Test
    public void b_unknownMethodExitsOneWithItsCode() throws Exception {
        Run r = dx("call", "no.such");
        assertEquals(r.toString(), 1, r.exit());
        assertTrue(r.toString(), r.err().contains("METHOD_NOT_FOUND"));
        assertEquals(r.toString(), "", r.out());
    }

    @Test
    public void c_statusNamesTheGatewayUrlAndBundles() throws Exception {
        Run r = dx("status");
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.toString(), r.out().contains("http://127.0.0.1:" + httpPort()));
        assertTrue(r.toString(), r.out().contains("dev.dx.gateway") && r.out().contains("active"));
        Run json = dx("status", "--json");
        assertEquals(json.toString(), 0, json.exit());
        assertTrue(json.toString(), json.out().contains("\"uptimeMs\""));
    }

    @Test
    public void d_methodsListsTheRegistry() throws Exception {
        Run r = dx("methods");
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.toString(), r.out().contains("methods.list") && r.out().contains("gateway.token.rotate"));
        assertTrue(r.toString(), r.out().startsWith("NAME"));
    }

    @Test
    public void e_wrongTokenFileIsUnauthorized() throws Exception {
        Path wrong = Files.writeString(work.resolve("wrong.token"), "dxg_notTheRightToken\n");
        Run r = dx("--token-file", wrong.toString(), "call", "health");
        assertEquals(r.toString(), 1, r.exit());
        assertTrue(r.toString(), r.err().contains("UNAUTHORIZED") && r.err().contains(wrong.toString()));
    }

    @Test
    public void f_tokenFromEnvironmentAndDataFolderOverride() throws Exception {
        Path emptyData = Files.createDirectories(work.resolve("data"));
        Run missing = dx(Map.of("KARAF_DATA", emptyData.toString()), script(), "health");
        assertEquals(missing.toString(), 2, missing.exit());
        assertTrue(missing.toString(), missing.err().contains("no token file at " + emptyData));
        Run env = dx(Map.of("KARAF_DATA", emptyData.toString(), "DX_TOKEN", token()), script(), "health");
        assertEquals(env.toString(), 0, env.exit());
        assertTrue(env.toString(), env.out().contains("ok: DX answers at http://127.0.0.1:" + httpPort()));
    }

    @Test
    public void g_usageAndConnectionProblemsExitTwo() throws Exception {
        Run badJson = dx("call", "status", "{oops");
        assertEquals(badJson.toString(), 2, badJson.exit());
        assertTrue(badJson.toString(), badJson.err().contains("not valid JSON"));
        Run unknown = dx("frobnicate");
        assertEquals(unknown.toString(), 2, unknown.exit());
        int closed = freePort();
        Run down = dx("--url", "http://127.0.0.1:" + closed, "health");
        assertEquals(down.toString(), 2, down.exit());
        assertTrue(down.toString(), down.err().contains("DX is not running at http://127.0.0.1:" + closed));
    }

    @Test
    public void h_aSymlinkToTheScriptFindsItsInstallation() throws Exception {
        Path link = Files.createSymbolicLink(work.resolve("dx"), script());
        Run r = dx(Map.of(), link, "call", "health");
        assertEquals(r.toString(), 0, r.exit());
        Run token = dx(Map.of(), link, "token");
        assertEquals(token.toString(), 0, token.exit());
        // the script resolves the home to its physical path
        Path file = Paths.get(System.getProperty("karaf.data"), "dx", "gateway", "gateway.token").toRealPath();
        assertTrue(token.toString(), token.out().contains(file.toString()));
    }

    private static Path script() {
        return Paths.get(System.getProperty("karaf.home"), "bin", "dx");
    }
}
