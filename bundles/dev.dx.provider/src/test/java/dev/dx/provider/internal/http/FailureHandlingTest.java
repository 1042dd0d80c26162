package dev.dx.provider.internal.http;

import static dev.dx.provider.internal.TestProviders.ask;
import static dev.dx.provider.internal.TestProviders.await;
import static dev.dx.provider.internal.TestProviders.failure;
import static dev.dx.provider.internal.TestProviders.fast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.provider.internal.RecordingListener;
import dev.dx.provider.internal.TestProviders;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.RecordedRequest;
import dev.dx.testsupport.fakemodel.Reply;

/** Errors, retries, cut streams, timeouts and cancellation, for each of the three protocols. */
class FailureHandlingTest {
    private static final String KEY = "sk-test-0123456789abcdef";
    private FakeModelServer fake;
    private HttpModelProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        fake.close();
    }

    private HttpModelProvider provider(String type, Map<String, Object> extra) {
        Map<String, Object> v = fast(type, fake.baseUrl(), KEY);
        v.putAll(extra);
        provider = TestProviders.provider("p", v);
        return provider;
    }

    private static String model(String type) {
        return type.equals("anthropic") ? "claude-sonnet-4-5" : "gpt-4.1";
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void unauthorizedIsNotRetriedAndNamesWhatToCheck(String type) throws Exception {
        fake.enqueue(Reply.error(401, "Incorrect API key provided: " + KEY + "."));
        HttpModelProvider p = TestProviders.provider("p", Map.of("type", type, "baseUrl", fake.baseUrl(),
                "apiKey", "${secret:work}", "initialBackoffMs", 10L));
        provider = p;
        RecordingListener l = new RecordingListener();
        ModelException e = failure(p.stream(ask(model(type), "hi"), l), 10);
        assertFalse(e.failover());
        assertEquals(401, e.httpStatus());
        assertEquals(1, fake.requests().size());
        assertTrue(l.retryDelays.isEmpty());
        assertTrue(e.getMessage().contains("secrets:set work"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), "the key never appears: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void unauthorizedWithAnEnvironmentKeyNamesTheVariable(String type) throws Exception {
        fake.enqueue(Reply.error(401, "invalid x-api-key"));
        String var = type.equals("anthropic") ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
        provider = new HttpModelProvider(TestProviders.settings(type, Map.of("type", type, "baseUrl", fake.baseUrl()),
                Map.of(var, "sk-from-env-123456")), new UsageCounters());
        ModelException e = failure(provider.stream(ask(model(type), "hi"), new RecordingListener()), 10);
        assertTrue(e.getMessage().contains("environment variable " + var), e.getMessage());
        assertFalse(e.getMessage().contains("sk-from-env-123456"));
        String auth = type.equals("anthropic") ? fake.requests().get(0).header("x-api-key")
                : fake.requests().get(0).header("authorization");
        assertTrue(auth.endsWith("sk-from-env-123456"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void badRequestIsNotRetriedAndNotFailedOver(String type) throws Exception {
        fake.enqueue(Reply.error(400, "messages: at least one message is required"));
        ModelException e = failure(provider(type, Map.of()).stream(ask(model(type), "hi"), new RecordingListener()), 10);
        assertFalse(e.failover());
        assertEquals(ErrorCode.INVALID_PARAMS, e.error());
        assertTrue(e.getMessage().contains("at least one message is required"), e.getMessage());
        assertEquals(1, fake.requests().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void rateLimitHonoursRetryAfterThenSucceeds(String type) throws Exception {
        fake.enqueue(Reply.rateLimited(1), Reply.ofText("finally").chunks(2));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(provider(type, Map.of()).stream(ask(model(type), "hi"), l));
        assertEquals("finally", r.text());
        List<RecordedRequest> seen = fake.requests();
        assertEquals(2, seen.size());
        long gapMs = TimeUnit.NANOSECONDS.toMillis(seen.get(1).receivedAtNanos() - seen.get(0).receivedAtNanos());
        assertTrue(gapMs >= 1000, "waited " + gapMs + " ms, Retry-After said 1 s");
        assertEquals(List.of(1000L), l.retryDelays);
        assertEquals("retry:1", l.events.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void overloadRetriesUntilExhaustedThenFailsOver(String type) throws Exception {
        int status = type.equals("anthropic") ? 529 : 503;
        fake.enqueue(Reply.overloaded(status), Reply.overloaded(status), Reply.overloaded(status));
        RecordingListener l = new RecordingListener();
        ModelException e = failure(provider(type, Map.of("maxRetries", 2)).stream(ask(model(type), "hi"), l), 10);
        assertTrue(e.failover());
        assertEquals(status, e.httpStatus());
        assertEquals(ErrorCode.UNAVAILABLE, e.error());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertEquals(3, fake.requests().size());
        assertEquals(2, l.retryDelays.size());
        assertTrue(l.retryDelays.stream().allMatch(d -> d >= 5 && d <= 40), l.retryDelays.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void aStreamCutMidwayFailsOverWithoutRetrying(String type) throws Exception {
        fake.enqueue(Reply.ofText("This answer will not arrive whole").chunks(6).cutAfter(3));
        RecordingListener l = new RecordingListener();
        ModelException e = failure(provider(type, Map.of()).stream(ask(model(type), "hi"), l), 10);
        assertTrue(e.failover());
        assertTrue(e.getMessage().contains("ended early"), e.getMessage());
        assertEquals(3, l.texts.size());
        assertEquals(1, fake.requests().size(), "text was delivered: no invisible retry");
        assertEquals(RecordedRequest.Outcome.CUT, fake.requests().get(0).outcome().get(5, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void aCutBeforeAnyContentIsRetried(String type) throws Exception {
        fake.enqueue(Reply.ofText("lost").cutAfter(0), Reply.ofText("second try"));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(provider(type, Map.of()).stream(ask(model(type), "hi"), l));
        assertEquals("second try", r.text());
        assertEquals(2, fake.requests().size());
        assertEquals(1, l.retryDelays.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void aSlowFirstByteTimesOut(String type) throws Exception {
        fake.enqueue(Reply.ofText("too late").firstByteDelay(Duration.ofSeconds(30)));
        long start = System.nanoTime();
        ModelCall call = provider(type, Map.of("firstByteTimeoutMs", 1000L)).stream(ask(model(type), "hi"),
                new RecordingListener());
        RecordedRequest seen = fake.awaitRequests(1, Duration.ofSeconds(5)).get(0);
        ModelException e = failure(call, 10);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ErrorCode.TIMEOUT, e.error());
        assertTrue(e.failover());
        assertTrue(e.getMessage().contains("sent no first byte within 1000 ms"), e.getMessage());
        assertTrue(ms >= 1000 && ms < 10_000, "timed out after " + ms + " ms");
        assertEquals(RecordedRequest.Outcome.CLIENT_CLOSED, seen.outcome().get(5, TimeUnit.SECONDS));
        assertEquals(1, fake.requests().size(), "a timeout is failed over, not retried");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void cancellingMidStreamFailsPromptlyAndClosesTheConnection(String type) throws Exception {
        fake.enqueue(Reply.ofText("word ".repeat(200)).chunks(200).chunkDelay(Duration.ofMillis(20)));
        RecordingListener l = new RecordingListener();
        ModelCall call = provider(type, Map.of()).stream(ask(model(type), "hi"), l);
        assertTrue(l.firstText.await(5, TimeUnit.SECONDS));
        long start = System.nanoTime();
        call.cancel();
        ModelException e = failure(call, 1);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 2000, "failed at the cancel, not at the end of the 4 s stream: " + ms + " ms");
        assertEquals(ErrorCode.UNAVAILABLE, e.error());
        assertFalse(e.failover(), "a cancelled call is not failed over");
        assertTrue(e.getMessage().contains("cancelled"));
        assertEquals(RecordedRequest.Outcome.CLIENT_CLOSED,
                fake.awaitRequests(1, Duration.ofSeconds(5)).get(0).outcome().get(5, TimeUnit.SECONDS));
        int delivered = l.texts.size();
        assertTrue(delivered < 200, "stopped early: " + delivered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void anErrorEventAfterContentFailsOver(String type) throws Exception {
        fake.enqueue(Reply.ofText("partial").chunks(2).streamError("overloaded_error", "Overloaded"));
        RecordingListener l = new RecordingListener();
        ModelException e = failure(provider(type, Map.of()).stream(ask(model(type), "hi"), l), 10);
        assertTrue(e.failover());
        assertEquals(529, e.httpStatus());
        assertTrue(e.getMessage().contains("Overloaded"), e.getMessage());
        assertEquals(1, fake.requests().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai", "openai-responses"})
    void aRetryAfterBeyondTheDeadlineIsNotWaitedFor(String type) throws Exception {
        fake.enqueue(Reply.rateLimited(60));
        long start = System.nanoTime();
        ModelException e = failure(provider(type, Map.of("requestTimeoutMs", 5_000L)).stream(ask(model(type), "hi"),
                new RecordingListener()), 10);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
        assertEquals(ErrorCode.RATE_LIMITED, e.error());
        assertTrue(e.failover());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void anUnreachableServerIsRetriedThenFailsOver(String type) throws Exception {
        int port = fake.port();
        fake.close();
        provider = TestProviders.provider("p", fast(type, "http://127.0.0.1:" + port, KEY));
        RecordingListener l = new RecordingListener();
        ModelException e = failure(provider.stream(ask(model(type), "hi"), l), 10);
        assertTrue(e.failover());
        assertTrue(e.getMessage().contains("cannot reach provider 'p'"), e.getMessage());
        assertEquals(2, l.retryDelays.size());
    }
}
