package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import dev.dx.testsupport.await.Await;

/**
 * The distribution as a user gets it: unpacked from the tar.gz and started with its own {@code bin/karaf} and
 * {@code bin/setenv} (which Pax Exam does not use), then driven with {@code bin/client}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DistributionIT {
    private static final long TIMEOUT_MS = 90_000;
    private static final Pattern DX_USER = Pattern.compile("(?m)^dx = ([0-9a-f]{64}),_g_:admingroup$");

    private static Path home;
    private static int http;
    private static Process karaf;
    private static Path launcherOut;

    @BeforeClass
    public static void unpackAndStart() throws Exception {
        home = Files.createTempDirectory(Paths.get(System.getProperty("project.build.directory")), "dist-");
        output(List.of("tar", "-xzf", System.getProperty("dx.distribution"), "-C", home.toString(),
                "--strip-components=1"));
        http = freePort();
        replace("etc/dev.dx.gateway.cfg", "(?m)^port *=.*$", "port = " + http);
        replace("etc/org.ops4j.pax.web.cfg", "(?m)^org.osgi.service.http.port *=.*$",
                "org.osgi.service.http.port = " + http);
        replace("etc/org.apache.karaf.shell.cfg", "(?m)^sshPort *=.*$", "sshPort = " + freePort());
        start();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (karaf != null && karaf.isAlive()) {
            karaf.destroy();
            karaf.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void a_firstStartGeneratesAnOwnerOnlyConsoleUserAndNoDefaultOne() throws Exception {
        Path users = home.resolve("etc/users.properties");
        String text = Files.readString(users);
        assertTrue(text, DX_USER.matcher(text).find());
        assertFalse("no fixed karaf/karaf user", Pattern.compile("(?m)^karaf *=").matcher(text).find());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        String said = Files.readString(launcherOut);
        assertTrue(said, said.contains("generated the console user 'dx'"));
        Matcher m = DX_USER.matcher(text);
        assertTrue(m.find());
        assertFalse("the password is never printed", said.contains(m.group(1)));
    }

    @Test
    public void b_theJvmRunsWithTheBoundedDefaults() throws Exception {
        String cmdline = Files.readString(Paths.get("/proc", String.valueOf(karaf.pid()), "cmdline"))
                .replace('\0', ' ');
        assertTrue(cmdline, cmdline.contains("-Xmx512m") && cmdline.contains("-XX:TieredStopAtLevel=1"));
    }

    @Test
    public void c_binClientLogsInWithTheGeneratedUser() throws Exception {
        String out = client("bundle:list -t 0 -s --no-format");
        assertTrue(out, out.lines().anyMatch(l -> l.contains("Active") && l.contains("dev.dx.gateway")));
        assertTrue(out, out.lines().anyMatch(l -> l.contains("Active") && l.contains("dev.dx.memory")));
        String bc = client("system:property org.apache.sshd.security.provider.BC.enabled");
        assertEquals("etc/custom.system.properties is applied", "false", bc.trim());
    }

    @Test
    public void d_aRestartKeepsTheUserAndAnswersAgain() throws Exception {
        String before = Files.readString(home.resolve("etc/users.properties"));
        karaf.destroy();
        assertTrue("a TERM stops DX", karaf.waitFor(60, TimeUnit.SECONDS));
        start();
        assertEquals(before, Files.readString(home.resolve("etc/users.properties")));
        assertFalse(Files.readString(launcherOut).contains("generated the console user"));
        String token = Files.readString(home.resolve("data/dx/gateway/gateway.token")).trim();
        assertFalse("the gateway token is never logged", Files.readString(home.resolve("data/log/karaf.log"))
                .contains(token));
    }

    @Test
    public void z_theDxScriptRunsTheGatewayInTheForegroundAndCtrlCStopsIt() throws Exception {
        // the class's instance steps aside; ./dx runs the same home, marked as installed from this very archive
        karaf.destroy();
        assertTrue("bin/karaf stopped", karaf.waitFor(60, TimeUnit.SECONDS));
        Await.until("the first instance's port to close", TIMEOUT_MS, 50, () -> !healthy());
        String stamp = output(List.of("sh", "-c", "cksum < \"$0\" | cut -d' ' -f1",
                System.getProperty("dx.distribution")));
        Files.writeString(home.resolve(".dx-build"), stamp.trim() + "\n");
        Path root = Paths.get(System.getProperty("project.build.directory")).getParent().getParent();
        Path out = Files.createTempFile(home, "dx-script", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("dx").toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("EXTRA_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("DX_HOME", home.toString());
        Process dx = pb.start();
        try {
            Await.until("./dx to say where the gateway listens", TIMEOUT_MS, 50, () -> {
                if (!dx.isAlive()) {
                    throw new AssertionError("./dx exited: " + read(out));
                }
                return read(out).contains("DX gateway ready on http://127.0.0.1:" + http);
            });
            assertTrue(read(out), healthy());
            assertFalse("nothing was built or reinstalled: " + read(out), read(out).contains("building")
                    || read(out).contains("installing") || read(out).contains("upgrading"));
            output(List.of("kill", "-INT", Long.toString(dx.pid()))); // what Ctrl-C sends
            assertTrue("./dx ended after Ctrl-C: " + read(out), dx.waitFor(60, TimeUnit.SECONDS));
            assertEquals(read(out), 0, dx.exitValue());
            assertTrue(read(out), read(out).contains("dx: stopped"));
            assertFalse("the gateway is down", healthy());
            assertEquals("no DX JVM left behind", 0, dxJvms().count());
        } finally {
            dx.destroy();
            dxJvms().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** @return the JVMs running this test's DX home */
    private static Stream<ProcessHandle> dxJvms() {
        String arg = "-Dkaraf.home=" + home;
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> Arrays.asList(a).contains(arg)).orElse(false));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Runs a command to its end and fails unless it succeeds; @return what it printed */
    private static String output(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(command + ": " + out, 0, p.waitFor());
        return out;
    }

    private static void start() throws Exception {
        launcherOut = Files.createTempFile(home, "launcher", ".log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(launcherOut.toFile());
        Map<String, String> env = pb.environment();
        env.remove("EXTRA_JAVA_OPTS");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
        await("GET /health on " + http, () -> healthy());
    }

    private static boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + http + "/health").openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String client(String command) throws Exception {
        Process p = new ProcessBuilder(home.resolve("bin/client").toString(), "-b").directory(home.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("bin/client ended", p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    private static void replace(String file, String regex, String line) throws IOException {
        Path f = home.resolve(file);
        Files.writeString(f, Files.readString(f).replaceAll(regex, line));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits with {@link Await}, failing at once with the launcher's output if DX exits meanwhile. */
    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, TIMEOUT_MS, 50, () -> {
            if (!karaf.isAlive()) {
                throw new AssertionError("DX exited while waiting for " + what + ": " + launcherOutput());
            }
            return condition.getAsBoolean();
        });
    }

    private static String launcherOutput() {
        return read(launcherOut);
    }
}
