package dev.dx.itests;

import static org.junit.Assert.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.session.NewMessage;
import dev.dx.api.session.SessionStore;
import dev.dx.itests.support.WsTestClient;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.Reply;

/**
 * Benchmark, run on demand: what DX adds to a turn when the model answers instantly — from {@code chat.send} to the
 * {@code final} event over a WebSocket — fresh and with a 20-turn history; the streaming relay's deltas per second;
 * heap per idle session. Run with
 * {@code mvn -B verify -pl itests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AgentTurnBench}.
 */
public class AgentTurnBench extends DxTestSupport {
    private static final int WARMUP = 30;
    private static final int RUNS = 100;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {testSupportBundle()};
    }

    @Test
    public void turnOverhead() throws Exception {
        try (FakeModelServer fake = FakeModelServer.start()) {
            fake.defaultReply(Reply.ofText("ok"));
            writeFile(etc("dev.dx.provider-fake.cfg"), "type = anthropic\nbaseUrl = " + fake.baseUrl()
                    + "\napiKey = k\nmodels = m\n");
            writeFile(etc("dev.dx.agent-main.cfg"), "model = fake/m\n");
            await("the agent uses the fake model", TIMEOUT_MS, () -> http().call(token(), "agents.list", null)
                    .toString().contains("fake/m") && http().call(token(), "models.list", null).toString()
                            .contains("fake/m"));
            SessionStore store = waitForService(SessionStore.class, null, TIMEOUT_MS);
            var history = store.getOrCreate("main", "agent:main:history");
            for (int i = 0; i < 20; i++) {
                store.append(history.key(), List.of(NewMessage.user("question " + i + " " + "x".repeat(200)),
                        NewMessage.assistant("answer " + i + " " + "y".repeat(400))));
            }
            System.out.printf("%n| turn with an instant model | turns | median | p90 | p99 | max |%n|---|---|---|---|---|---|%n");
            try (WsTestClient ws = connect()) {
                ws.call(0, "events.subscribe", Map.of("topics", List.of("dx/chat/FINAL")));
                row("chat.send → final, new session", measure(ws, "agent:main:fresh-%d"));
                row("chat.send → final, 20-turn history", measure(ws, "agent:main:history"));
            }
            fake.defaultReply(Reply.ofText("t".repeat(4000)).chunks(2000));
            try (WsTestClient ws = connect()) {
                ws.call(0, "events.subscribe", Map.of("topics", List.of("dx/chat/*")));
                relay(ws);
                relay(ws);
            }
            idleSessions(store);
        }
    }

    private long[] measure(WsTestClient ws, String routing) throws Exception {
        long[] micros = new long[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            JsonNode sent = ws.call("s" + i, "chat.send", Map.of("sessionKey", String.format(routing, i),
                    "message", "hi " + i));
            String runId = sent.get("result").get("runId").asText();
            while (true) {
                JsonNode n = ws.readJson();
                if (n.has("params") && runId.equals(n.get("params").get("payload").path("runId").asText())) {
                    assertEquals("ok", n.get("params").get("payload").get("text").asText());
                    break;
                }
            }
            if (i >= WARMUP) {
                micros[i - WARMUP] = (System.nanoTime() - t0) / 1000;
            }
        }
        Arrays.sort(micros);
        return micros;
    }

    private static void row(String name, long[] m) {
        System.out.printf("| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", name, m.length, m[m.length / 2] / 1000.0,
                m[m.length * 9 / 10] / 1000.0, m[m.length * 99 / 100] / 1000.0, m[m.length - 1] / 1000.0);
    }

    private void relay(WsTestClient ws) throws Exception {
        long t0 = System.nanoTime();
        JsonNode sent = ws.call("r", "chat.send", Map.of("sessionKey", "agent:main:relay", "message", "stream"));
        String runId = sent.get("result").get("runId").asText();
        int deltas = 0;
        long first = 0;
        while (true) {
            JsonNode p = ws.readJson().path("params");
            if (!runId.equals(p.path("payload").path("runId").asText())) {
                continue;
            }
            if (p.get("topic").asText().equals("dx/chat/DELTA")) {
                deltas++;
                first = first == 0 ? System.nanoTime() : first;
            } else if (p.get("topic").asText().equals("dx/chat/FINAL")) {
                break;
            }
        }
        double secs = (System.nanoTime() - first) / 1e9;
        System.out.printf("| streaming relay | %d deltas (tokens) in %.0f ms after the first | %.0f deltas/s | total %.0f ms |%n",
                deltas, secs * 1000, deltas / secs, (System.nanoTime() - t0) / 1e6);
    }

    private static void idleSessions(SessionStore store) {
        int n = 2000;
        long before = usedHeap();
        for (int i = 0; i < n; i++) {
            var s = store.getOrCreate("main", "agent:main:idle-" + i);
            store.append(s.key(), NewMessage.user("hello"));
        }
        long after = usedHeap();
        System.out.printf("| idle sessions | %d created, one message each | heap +%.1f MiB | %.0f bytes per session |%n",
                n, (after - before) / 1048576.0, (after - before) / (double) n);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
