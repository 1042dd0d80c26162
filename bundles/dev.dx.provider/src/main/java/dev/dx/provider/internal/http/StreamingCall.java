package dev.dx.provider.internal.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.rpc.ErrorCode;

/**
 * One streamed call, driven without a thread of its own: attempts are asynchronous HTTP exchanges whose body lines
 * arrive on the provider's executor, timers (first byte, deadline, backoff) run on its scheduler. Retries happen only
 * while nothing has reached the listener; after that a failure ends the call. The first outcome wins — an answer,
 * a failure, a timeout or {@link #cancel()} — and aborts whatever is still running.
 */
final class StreamingCall implements ModelCall {
    private final HttpModelProvider provider;
    private final ModelRequest request;
    private final ModelListener listener;
    private final CompletableFuture<ModelResponse> result = new CompletableFuture<>();
    private final long timeoutMs;
    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private volatile byte[] body;
    // guarded by this
    private int attempts;
    private Attempt current;
    private boolean finished;
    private ScheduledFuture<?> deadlineTimer;
    private ScheduledFuture<?> retryTimer;

    StreamingCall(HttpModelProvider provider, ModelRequest request, ModelListener listener) {
        this.provider = provider;
        this.request = request;
        this.listener = listener;
        this.timeoutMs = Math.min(request.timeout().toMillis(), provider.settings().requestTimeout().toMillis());
        this.deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    void start() {
        synchronized (this) {
            deadlineTimer = provider.scheduler().schedule(
                    () -> fail(provider.failures().timeout("did not finish the call", timeoutMs)), timeoutMs,
                    TimeUnit.MILLISECONDS);
        }
        provider.executor().execute(() -> {
            try {
                body = provider.codec().encode(request);
            } catch (IOException | RuntimeException e) {
                fail(new ModelException(ErrorCode.INVALID_PARAMS, "the request cannot be written as JSON ("
                        + e.getClass().getSimpleName() + ")", false, 0, e));
                return;
            }
            attempt();
        });
    }

    @Override
    public CompletionStage<ModelResponse> result() {
        return result;
    }

    @Override
    public void cancel() {
        fail(provider.failures().cancelled());
    }

    /** Ends the call because the provider stops. */
    void stop() {
        fail(provider.failures().stopped());
    }

    HttpModelProvider provider() {
        return provider;
    }

    ModelRequest request() {
        return request;
    }

    ModelListener listener() {
        return listener;
    }

    byte[] body() {
        return body;
    }

    int bodyBytes() {
        byte[] b = body;
        return b == null ? 0 : b.length;
    }

    long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    synchronized int attempts() {
        return attempts;
    }

    private void attempt() {
        Attempt a;
        synchronized (this) {
            if (finished) {
                return;
            }
            a = new Attempt(this, ++attempts);
            current = a;
        }
        a.start();
    }

    /** An attempt failed: retry if the failure is transient, nothing was delivered and the deadline allows. */
    void failed(Attempt a, ModelException error, boolean retryable, long retryAfterMs, String reason) {
        long delay = -1;
        int retry;
        synchronized (this) {
            if (finished || a != current) {
                return;
            }
            retry = attempts;
            if (retryable && !a.delivered() && attempts <= provider.settings().retry().maxRetries()) {
                long d = provider.settings().retry().delayMs(retry, retryAfterMs, ThreadLocalRandom.current()::nextDouble);
                if (TimeUnit.MILLISECONDS.toNanos(d) < deadlineNanos - System.nanoTime()) {
                    delay = d;
                }
            }
        }
        if (delay < 0) {
            fail(error);
            return;
        }
        try {
            listener.onRetry(retry, delay, reason);
        } catch (RuntimeException e) {
            fail(new ModelException(ErrorCode.INTERNAL_ERROR, "the model listener failed", false, 0, e));
            return;
        }
        synchronized (this) {
            if (finished || a != current) {
                return;
            }
            try {
                retryTimer = provider.scheduler().schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // the provider is closing: fall through
            }
        }
        fail(provider.failures().stopped());
    }

    void succeed(Attempt a, ModelResponse response) {
        synchronized (this) {
            if (finished || a != current) {
                return;
            }
            finish();
        }
        provider.ended(this, response, null);
        result.complete(response);
    }

    void fail(ModelException error) {
        Attempt a;
        synchronized (this) {
            if (finished) {
                return;
            }
            finish();
            a = current;
        }
        if (a != null) {
            a.abort();
        }
        provider.ended(this, null, error);
        result.completeExceptionally(error);
    }

    private void finish() {
        finished = true;
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
    }

    synchronized boolean live(Attempt a) {
        return !finished && a == current;
    }
}
