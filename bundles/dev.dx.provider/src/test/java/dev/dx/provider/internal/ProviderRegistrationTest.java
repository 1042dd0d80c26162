package dev.dx.provider.internal;

import static dev.dx.provider.internal.TestProviders.ask;
import static dev.dx.provider.internal.TestProviders.await;
import static dev.dx.provider.internal.TestProviders.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelProvider;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.secrets.SecretStore;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.Reply;

/** One registered service through locked secrets, unlock, edits and removal. */
class ProviderRegistrationTest {
    private FakeModelServer fake;
    private final FakeBundleContext framework = new FakeBundleContext();
    private ProviderRegistration registration;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelServer.start();
        registration = new ProviderRegistration(framework.context);
    }

    @AfterEach
    void stop() {
        registration.close();
        fake.close();
    }

    private Map<String, Object> file(String baseUrl) {
        Map<String, Object> v = new HashMap<>();
        v.put("type", "anthropic");
        v.put("baseUrl", baseUrl);
        v.put("apiKey", "${secret:claude}");
        return v;
    }

    @Test
    void lockedSecretFailsFastThenWorksOnceDeliveredAgain() throws Exception {
        Map<String, Object> locked = file(fake.baseUrl());
        locked.put("dx.unresolved", new String[] {"secret:claude"});
        locked.put(".secretState", SecretStore.State.LOCKED);
        registration.update(TestProviders.settings("main", locked, Map.of("ANTHROPIC_API_KEY", "sk-env-unused")));
        assertEquals(1, framework.live().size());
        FakeBundleContext.Registered r = framework.live().get(0);
        assertEquals("main", r.properties.get(ModelProvider.ID));
        assertEquals("file", r.properties.get(ProviderRegistration.SOURCE));
        assertTrue(String.valueOf(r.properties.get(ProviderRegistration.UNAVAILABLE)).contains("secrets:unlock"));
        assertFalse(r.properties.toString().contains("claude}"), "no configuration values as service properties");

        ModelProvider service = (ModelProvider) r.service;
        long start = System.nanoTime();
        ModelException e = failure(service.stream(ask("claude-sonnet-4-5", "hi"), new RecordingListener()), 1);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 2000, "refused at once, without waiting for any network timeout: " + ms + " ms");
        assertEquals(ErrorCode.UNAVAILABLE, e.error());
        assertTrue(e.failover());
        assertTrue(e.getMessage().startsWith("the secret store is locked: run secrets:unlock"), e.getMessage());
        assertEquals(0, fake.requests().size(), "no request with a bogus key");

        // secrets:unlock → the configuration is delivered again, resolved
        Map<String, Object> unlocked = file(fake.baseUrl());
        unlocked.put("apiKey", "sk-ant-resolved");
        registration.update(TestProviders.settings("main", unlocked, Map.of()));
        assertEquals(1, framework.live().size(), "the same registration, updated");
        assertSame(service, framework.live().get(0).service);
        assertFalse(framework.live().get(0).properties.containsKey(ProviderRegistration.UNAVAILABLE));
        fake.enqueue(Reply.ofText("unlocked"));
        assertEquals("unlocked", await(service.stream(ask("claude-sonnet-4-5", "hi"), new RecordingListener())).text());
        assertEquals("sk-ant-resolved", fake.requests().get(0).header("x-api-key"));
    }

    @Test
    void anEditMovesNewCallsAndLetsRunningOnesFinish() throws Exception {
        registration.update(TestProviders.settings("main", Map.of("type", "anthropic", "baseUrl", fake.baseUrl(),
                "apiKey", "k1"), Map.of()));
        ModelProvider service = (ModelProvider) framework.live().get(0).service;
        fake.enqueue(Reply.ofText("slow old answer").chunks(5).chunkDelay(Duration.ofMillis(40)));
        RecordingListener l = new RecordingListener();
        ModelCall running = service.stream(ask("claude-sonnet-4-5", "hi"), l);
        assertTrue(l.firstText.await(5, TimeUnit.SECONDS));

        try (FakeModelServer second = FakeModelServer.start()) {
            registration.update(TestProviders.settings("main", Map.of("type", "anthropic", "baseUrl", second.baseUrl(),
                    "apiKey", "k2", "id", "renamed"), Map.of()));
            assertEquals("renamed", framework.live().get(0).properties.get(ModelProvider.ID));
            second.enqueue(Reply.ofText("new"));
            assertEquals("new", await(service.stream(ask("claude-sonnet-4-5", "hi"), new RecordingListener())).text());
            assertEquals("k2", second.requests().get(0).header("x-api-key"));
            assertEquals("slow old answer", await(running).text(), "the call in flight finished on the old settings");
        }
    }

    @Test
    void closingUnregistersAndStopsCallsInFlight() throws Exception {
        registration.update(TestProviders.settings("main", Map.of("type", "anthropic", "baseUrl", fake.baseUrl(),
                "apiKey", "k"), Map.of()));
        ModelProvider service = (ModelProvider) framework.live().get(0).service;
        var runtime = ((ProviderService) service).delegate();
        fake.enqueue(Reply.ofText("never finished").chunks(100).chunkDelay(Duration.ofMillis(50)));
        RecordingListener l = new RecordingListener();
        ModelCall running = service.stream(ask("claude-sonnet-4-5", "hi"), l);
        assertTrue(l.firstText.await(5, TimeUnit.SECONDS));
        registration.close();
        assertTrue(framework.live().isEmpty());
        ModelException e = failure(running, 1);
        assertTrue(e.failover());
        assertTrue(e.getMessage().contains("stopped or reconfigured"), e.getMessage());
        assertTrue(runtime.awaitTermination(Duration.ofSeconds(40)), "the provider's threads end");
    }
}
