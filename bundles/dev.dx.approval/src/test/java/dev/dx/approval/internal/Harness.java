package dev.dx.approval.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.rules.RuleParser;
import dev.dx.db.internal.SqliteDatabase;

/**
 * A real approval service on a real SQLite file, as SCR would run it: the database component, the service with its
 * references injected, then activate. The search path is a folder of this test holding stand-in programs, so the
 * tests do not depend on what the machine has installed.
 */
final class Harness implements AutoCloseable {
    static final String[] PROGRAMS = {"git", "ls", "rm", "bash", "sh", "dash", "env", "xargs", "sudo", "timeout",
        "nice", "nohup", "busybox", "python3", "perl", "awk", "find", "curl"};

    final Path dir;
    final Path bin;
    final Path work;
    final SqliteDatabase db;
    final RecordingEventAdmin events = new RecordingEventAdmin();
    ApprovalService service;
    private Map<String, Object> config;

    Harness(Path dir, Map<String, Object> config) throws Exception {
        this.dir = dir;
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.work = Files.createDirectories(dir.resolve("work"));
        for (String p : PROGRAMS) {
            program(bin.resolve(p));
        }
        this.db = new SqliteDatabase(dir.resolve("dx.db"), 5000, 4);
        this.config = withSearchPath(config);
        this.service = start();
    }

    static void program(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Map<String, Object> withSearchPath(Map<String, Object> c) {
        Map<String, Object> m = new HashMap<>(c);
        m.putIfAbsent("searchPath", new String[] {bin.toString()});
        return m;
    }

    private ApprovalService start() throws Exception {
        ApprovalService s = new ApprovalService();
        inject(s, "database", db);
        inject(s, "eventAdmin", events);
        s.activate(TestConfigs.of(ApprovalConfig.class, config));
        return s;
    }

    /** Changes the configuration as ConfigurationAdmin would, without a restart. */
    void configure(Map<String, Object> next) {
        config = withSearchPath(next);
        service.modified(TestConfigs.of(ApprovalConfig.class, config));
    }

    /** Stops the service and starts a new instance on the same database, as a bundle restart would. */
    void restart() throws Exception {
        service.deactivate();
        service = start();
    }

    ExecRequest request(String... argv) {
        return request(Map.of("PATH", "/usr/bin:/bin", "API_KEY", "sk-secret-value"), argv);
    }

    ExecRequest request(Map<String, String> env, String... argv) {
        return new ExecRequest("main", "s-1", List.of(argv), work.toString(), env);
    }

    CompletionStage<ExecDecision> check(ExecRequest r) {
        return service.check(r);
    }

    /** @return the decision, which must be made without asking anybody */
    ExecDecision decide(ExecRequest r) {
        CompletionStage<ExecDecision> s = service.check(r);
        assertTrue(s.toCompletableFuture().isDone(), "decided without asking: " + r.argv());
        return s.toCompletableFuture().join();
    }

    /** @return the decision once it is made, waiting at most 30 seconds */
    static ExecDecision await(CompletionStage<ExecDecision> s) throws Exception {
        return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    Rule rule(String action, String scope, String executable, String... args) {
        Rule r = RuleParser.parse("test", null, executable, List.of(args), action, scope, null,
                action.equals("deny") ? "denied in a test" : null, Instant.now(), "user:test");
        service.addRule(r);
        return r;
    }

    /** @return the approval_audit rows, newest first, as plain column maps */
    List<Map<String, Object>> audit() {
        return db.read("audit", c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM approval_audit ORDER BY id DESC")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        });
    }

    /** @return the audit row of {@code id} */
    Map<String, Object> audit(String id) {
        return audit().stream().filter(r -> id.equals(r.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no audit row " + id));
    }

    private static void inject(Object target, String name, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        f.set(target, value);
    }

    @Override
    public void close() {
        try {
            service.deactivate();
        } finally {
            db.close();
        }
    }
}
