package dev.dx.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.features.FeaturesService;

import dev.dx.itests.support.HttpRpc;
import dev.dx.itests.support.WsTestClient;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of every DX integration test: boots the DX distribution once per test class (Pax Exam, per-class reactor) on
 * free ports, and offers what tests need inside the container: shell commands, waiting for services and conditions
 * with a deadline, feature installation. Test code runs inside the container; {@link #config()} runs in the test JVM.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class DxTestSupport {
    /** Default deadline for anything a test waits on. */
    protected static final long TIMEOUT_MS = 30_000;

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    /** Runs in the test JVM: which distribution, which ports, which options. */
    @Configuration
    public Option[] config() throws IOException {
        String dist = System.getProperty("dx.distribution");
        if (dist == null || !new File(dist).isFile()) {
            throw new IllegalStateException("System property dx.distribution must name the DX tar.gz, got " + dist);
        }
        Path target = Paths.get(System.getProperty("project.build.directory", "target")).toAbsolutePath();
        String localRepo = System.getProperty("maven.repo.local");
        int httpPort = freePort();
        List<Option> options = new ArrayList<>(Arrays.asList(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(dist).toURI().toString())
                        .name("DX")
                        .karafVersion("4.4.10")
                        .unpackDirectory(target.resolve("exam").toFile())
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                vmOptions("-Xmx512m", "-XX:+UseSerialGC", "-Duser.home=" + target.resolve("home")),
                // the gateway owns the port; Pax Web gets the same value so it starts there straight away
                editConfigurationFilePut("etc/dev.dx.gateway.cfg", "port", Integer.toString(httpPort)),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                        Integer.toString(httpPort)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
                systemProperty("dx.version").value(System.getProperty("dx.version", "")),
                systemProperty("dx.test.build").value(target.toString())));
        if (localRepo != null) {
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", localRepo));
        }
        if (Boolean.getBoolean("dx.keep")) {
            options.add(keepRuntimeFolder());
        }
        options.addAll(Arrays.asList(extraOptions()));
        return options.toArray(new Option[0]);
    }

    /** The dx-test-support bundle this build made (fake model server), not whatever the shared repository holds. */
    protected static Option testSupportBundle() {
        String jar = System.getProperty("dx.testsupport");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("System property dx.testsupport must name the dx-test-support jar, got "
                    + jar);
        }
        return org.ops4j.pax.exam.CoreOptions.bundle(new File(jar).toURI().toString());
    }

    /** Replaces a file atomically, as careful editors do. */
    protected static void writeFile(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        java.nio.file.Files.writeString(tmp, content, StandardCharsets.UTF_8);
        java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return a file in the container's etc/ */
    protected static Path etc(String file) {
        return Paths.get(System.getProperty("karaf.etc"), file);
    }

    /** Subclasses add container options here (extra configuration, system properties). */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** @return a TCP port that was free a moment ago */
    protected static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** @return the gateway's HTTP port (inside the container) */
    protected int httpPort() {
        return Integer.parseInt(configValue("dev.dx.gateway", "port"));
    }

    /** @return the owner token the gateway generated at first start */
    protected String token() {
        Path file = Paths.get(System.getProperty("karaf.data"), "dx", "gateway", "gateway.token");
        return await("the gateway token file", TIMEOUT_MS, () -> {
            try {
                return java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.readString(file).trim() : null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** @return an HTTP client for the gateway, once /health answers */
    protected HttpRpc http() {
        HttpRpc http = new HttpRpc(httpPort());
        await("the gateway to answer /health", TIMEOUT_MS, () -> {
            try {
                return http.get("/health", java.util.Map.of()).status() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return http;
    }

    /** Opens /ws with the owner token sent in the connect request, and checks the connect result. */
    protected WsTestClient connect() throws IOException {
        http();
        WsTestClient ws = WsTestClient.open(httpPort(), java.util.Map.of());
        if (ws.status() != 101) {
            throw new AssertionError("upgrade refused: " + ws.status() + " " + ws.body());
        }
        com.fasterxml.jackson.databind.JsonNode r = ws.call("c", "connect",
                java.util.Map.of("token", token(), "client", java.util.Map.of("name", "itest")));
        if (!r.has("result")) {
            throw new AssertionError("connect failed: " + r);
        }
        return ws;
    }

    /** @return the container's log so far */
    protected String log() throws IOException {
        Path dir = Paths.get(System.getProperty("karaf.data"), "log");
        StringBuilder sb = new StringBuilder();
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                sb.append(java.nio.file.Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    /** @return the SSH console port of the container (inside the container) */
    protected int sshPort() {
        return Integer.parseInt(configValue("org.apache.karaf.shell", "sshPort"));
    }

    /** Reads a value straight from the container's etc/ file, the way FileInstall will. */
    protected String configValue(String pid, String key) {
        Path file = Paths.get(System.getProperty("karaf.etc"), pid + ".cfg");
        try {
            java.util.Properties p = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                p.load(in);
            }
            String v = p.getProperty(key);
            if (v == null) {
                throw new IllegalStateException(key + " not set in " + file);
            }
            return v.trim();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /**
     * Runs a Karaf shell command as an administrator and returns what it printed.
     *
     * @param command the command line
     * @return standard output and error of the command
     */
    protected String executeCommand(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("dx"));
        for (String role : new String[] {"admin", "manager", "viewer", "systembundles"}) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try (Session session = sessionFactory.create(System.in, ps, ps)) {
            Object result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                ps.println(result);
            }
        } catch (Exception e) {
            ps.println("Error executing '" + command + "': " + e);
        }
        ps.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Waits for a service with a deadline.
     *
     * @param type   the service interface
     * @param filter an extra LDAP filter or {@code null}
     * @return the service
     */
    protected <T> T waitForService(Class<T> type, String filter, long timeoutMs) {
        String f = "(objectClass=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        try {
            Filter osgiFilter = ctx.createFilter(f);
            ServiceTracker<T, T> tracker = new ServiceTracker<>(ctx, osgiFilter, null);
            tracker.open(true);
            try {
                T service = tracker.waitForService(timeoutMs);
                if (service == null) {
                    throw new AssertionError("No service " + f + " within " + timeoutMs + " ms");
                }
                return service;
            } finally {
                tracker.close();
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Bad filter " + f, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for " + f, e);
        }
    }

    /**
     * Waits until {@code condition} yields a non-null, non-false value, checking every few milliseconds, and fails
     * with {@code what} and the last value once the deadline passes.
     */
    protected static <T> T await(String what, long timeoutMs, Condition<T> condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Exception last = null;
        while (true) {
            try {
                T value = condition.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("Timed out after " + timeoutMs + " ms waiting for " + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** A condition to wait for: a non-null, non-false value means met; an exception means not yet. */
    @FunctionalInterface
    protected interface Condition<T> {
        T get() throws Exception;
    }

    /** Installs a feature (idempotent) without refreshing unrelated bundles. */
    protected void installFeature(String name) throws Exception {
        featuresService.installFeature(name, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
    }
}
