package dev.dx.provider.internal.http;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelInfo;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelProvider;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.provider.internal.ProviderSettings;
import dev.dx.provider.internal.codec.AnthropicCodec;
import dev.dx.provider.internal.codec.ChatCompletionsCodec;
import dev.dx.provider.internal.codec.ResponsesCodec;
import dev.dx.provider.internal.codec.WireCodec;

/**
 * A provider for one set of settings: its own HTTP client (HTTP/2 over TLS, HTTP/1.1 in clear — h2c upgrades of a
 * POST only confuse local servers), executor and timer thread, all released by {@link #close()}. New settings get a
 * new instance; the old one is {@link #retire() retired} and closes once its calls are over.
 */
public final class HttpModelProvider implements ModelProvider {
    private static final Logger LOG = LoggerFactory.getLogger(HttpModelProvider.class);

    private final ProviderSettings settings;
    private final UsageCounters usage;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Failures failures;
    private final WireCodec codec;
    private final URI endpoint;
    private final ThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpClient client;
    private final Set<StreamingCall> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean retiring;
    private volatile boolean closed;

    public HttpModelProvider(ProviderSettings settings, UsageCounters usage) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.usage = usage;
        this.failures = new Failures(settings, mapper);
        if (!settings.available()) {
            codec = null;
            endpoint = null;
            executor = null;
            scheduler = null;
            client = null;
            return;
        }
        codec = switch (settings.type()) {
            case ANTHROPIC -> new AnthropicCodec(mapper, settings.apiKey(), settings.anthropicVersion(),
                    settings.models().stream().filter(m -> m.maxOutput() > 0)
                            .collect(Collectors.toMap(ModelInfo::id, ModelInfo::maxOutput, (a, b) -> a)));
            case OPENAI, OPENAI_COMPATIBLE -> new ChatCompletionsCodec(mapper, settings.apiKey(),
                    settings.type() == dev.dx.provider.internal.ProviderType.OPENAI);
            case OPENAI_RESPONSES -> new ResponsesCodec(mapper, settings.apiKey());
        };
        endpoint = codec.endpoint(settings.baseUri());
        String name = "dx-provider-" + settings.id();
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads(name + "-"));
        scheduler = new ScheduledThreadPoolExecutor(1, threads(name + "-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        HttpClient.Builder b = HttpClient.newBuilder().executor(executor)
                .version("https".equalsIgnoreCase(endpoint.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(settings.firstByteTimeout().toMillis(), 30_000)))
                .followRedirects(HttpClient.Redirect.NEVER);
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            b.proxy(proxies);
        }
        client = b.build();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public List<ModelInfo> models() {
        return settings.models();
    }

    @Override
    public ModelCall stream(ModelRequest request, ModelListener listener) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        if (!settings.available()) {
            return new FailedCall(new ModelException(ErrorCode.UNAVAILABLE, settings.unavailable(), true, 0, null));
        }
        if (request.model() == null || request.model().isBlank()) {
            return new FailedCall(new ModelException(ErrorCode.INVALID_PARAMS, "the request names no model", false, 0,
                    null));
        }
        if (closed) {
            return new FailedCall(failures.stopped());
        }
        StreamingCall call = new StreamingCall(this, request, listener);
        inFlight.add(call);
        try {
            call.start();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            call.stop();
        }
        return call;
    }

    /** Stops taking part: closes now if idle, else when the last call ends. */
    public void retire() {
        retiring = true;
        if (inFlight.isEmpty()) {
            close();
        }
    }

    /** Fails the calls in flight and releases the threads. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inFlight.forEach(StreamingCall::stop);
        if (scheduler != null) {
            scheduler.shutdownNow();
            executor.shutdown();
            if (client instanceof AutoCloseable c) {
                // Java 21+ can close the client's selector thread; on 17 it ends once the client is unreachable
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("Closing the HTTP client of provider {}: {}", settings.id(), e.toString());
                }
            }
        }
    }

    void ended(StreamingCall call, ModelResponse response, ModelException error) {
        inFlight.remove(call);
        usage.record(error == null, response == null ? 0 : response.inputTokens(),
                response == null ? 0 : response.outputTokens());
        if (LOG.isDebugEnabled()) {
            String outcome = error == null ? response.inputTokens() + " tokens in, " + response.outputTokens()
                    + " out, stop " + response.stopReason() : "failed: " + error.error();
            LOG.debug("Provider {} call: {} bytes sent, {} attempt(s), {} ms, {}", settings.id(), call.bodyBytes(),
                    call.attempts(), call.elapsedMs(), outcome);
        }
        if (retiring && inFlight.isEmpty()) {
            close();
        }
    }

    HttpRequest newRequest(byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header("User-Agent", "dx");
        codec.headers(b);
        settings.headers().forEach(b::header);
        return b.build();
    }

    ProviderSettings settings() {
        return settings;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    Failures failures() {
        return failures;
    }

    WireCodec codec() {
        return codec;
    }

    HttpClient client() {
        return client;
    }

    ExecutorService executor() {
        return executor;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return whether the provider's threads ended within {@code timeout} after {@link #close()} */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        if (scheduler == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        return scheduler.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)
                && executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
