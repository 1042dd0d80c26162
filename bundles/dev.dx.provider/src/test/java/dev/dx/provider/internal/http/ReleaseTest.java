package dev.dx.provider.internal.http;

import static dev.dx.provider.internal.TestProviders.ask;
import static dev.dx.provider.internal.TestProviders.await;
import static dev.dx.provider.internal.TestProviders.failure;
import static dev.dx.provider.internal.TestProviders.fast;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import dev.dx.api.model.ModelCall;
import dev.dx.provider.internal.RecordingListener;
import dev.dx.provider.internal.TestProviders;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.Reply;

/**
 * A closed provider lets go of everything: its threads end, and nothing the JDK keeps from its exchanges (pooled
 * keep-alive connections) leads back to its HTTP client — otherwise the client's selector thread would live on
 * after every configuration edit (Java 17's HttpClient cannot be closed; that thread ends once it is unreachable).
 */
class ReleaseTest {
    @Test
    void aClosedProviderReleasesItsThreadsAndItsHttpClient() throws Exception {
        try (FakeModelServer fake = FakeModelServer.start()) {
            WeakReference<HttpClient> client = useAndClose(fake);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.get() != null && System.nanoTime() < deadline) {
                System.gc();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertNull(client.get(), "the HTTP client is still reachable after the provider was closed");
        }
    }

    private static WeakReference<HttpClient> useAndClose(FakeModelServer fake) throws Exception {
        HttpModelProvider p = TestProviders.provider("release", fast("anthropic", fake.baseUrl(), "k"));
        fake.enqueue(Reply.ofText("slow ".repeat(50)).chunks(50).chunkDelay(Duration.ofMillis(20)),
                Reply.error(400, "bad"), Reply.ofText("pooled").chunks(2));
        RecordingListener l = new RecordingListener();
        ModelCall cancelled = p.stream(ask("claude-sonnet-4-5", "a"), l);
        assertTrue(l.firstText.await(10, TimeUnit.SECONDS));
        cancelled.cancel();
        failure(p.stream(ask("claude-sonnet-4-5", "b"), new RecordingListener()), 10);
        // the last exchange leaves its connection in the pool, where the JDK keeps it (and what it refers to)
        await(p.stream(ask("claude-sonnet-4-5", "c"), new RecordingListener()));
        p.close();
        assertTrue(p.awaitTermination(Duration.ofSeconds(30)), "the provider's threads end");
        return new WeakReference<>(p.client());
    }
}
