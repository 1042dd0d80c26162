package dev.dx.provider.internal.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.dx.api.model.ModelException;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.provider.internal.codec.StreamDecoder;
import dev.dx.provider.internal.codec.StreamError;
import dev.dx.provider.internal.codec.TurnAccumulator;

/**
 * One HTTP exchange of a {@link StreamingCall}: a line subscriber for a streamed answer (lines arrive one at a time,
 * each requested after the previous one was handled), the whole body for an error.
 */
final class Attempt {
    private final StreamingCall call;
    private final HttpModelProvider provider;
    private final TurnAccumulator turn;
    private final int number;
    private final StreamDecoder decoder;
    private final SseParser sse;
    private volatile boolean aborted;
    private volatile boolean responded;
    private volatile boolean firstLine;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<HttpResponse<String>> exchange;
    private volatile ScheduledFuture<?> firstByteTimer;
    private final ExchangeBridge bridge = new ExchangeBridge(this);

    Attempt(StreamingCall call, int number) {
        this.call = call;
        this.provider = call.provider();
        this.number = number;
        this.turn = new TurnAccumulator(call.listener(), provider.mapper(), call.request().model(),
                () -> !aborted && call.live(this));
        this.decoder = provider.codec().decoder(turn);
        this.sse = new SseParser(decoder);
    }

    void start() {
        long firstByteMs = provider.settings().firstByteTimeout().toMillis();
        try {
            firstByteTimer = provider.scheduler().schedule(() -> {
                if (!firstLine && call.live(this)) {
                    call.fail(provider.failures().timeout("sent no first byte", firstByteMs));
                }
            }, firstByteMs, TimeUnit.MILLISECONDS);
            HttpRequest http = provider.newRequest(call.body());
            exchange = provider.client().sendAsync(http, bridge);
        } catch (RuntimeException e) {
            call.fail(provider.failures().stopped());
            return;
        }
        if (aborted) {
            exchange.cancel(true);
        }
        ExchangeBridge b = bridge;
        exchange.whenComplete((response, error) -> {
            Attempt a = b.target();
            b.detach();
            if (a != null) {
                a.done(response, error);
            }
        });
    }

    BodySubscriber<String> handler(int status, ExchangeBridge lines) {
        responded = true;
        if (status / 100 == 2) {
            return BodySubscribers.fromLineSubscriber(lines, s -> "", StandardCharsets.UTF_8, null);
        }
        cancelFirstByteTimer();
        return BodySubscribers.ofString(StandardCharsets.UTF_8);
    }

    /** @return whether anything reached the listener */
    boolean delivered() {
        return turn.delivered();
    }

    void abort() {
        aborted = true;
        bridge.detach();
        cancelFirstByteTimer();
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<HttpResponse<String>> x = exchange;
        if (x != null) {
            x.cancel(true);
        }
    }

    private void cancelFirstByteTimer() {
        ScheduledFuture<?> t = firstByteTimer;
        if (t != null) {
            t.cancel(false);
        }
    }

    void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (aborted) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    void onNext(String line) {
        if (aborted) {
            return;
        }
        if (!firstLine) {
            firstLine = true;
            cancelFirstByteTimer();
        }
        try {
            sse.line(line);
        } catch (IOException e) {
            stopReading();
            streamFailed(e);
            return;
        } catch (RuntimeException e) {
            stopReading();
            call.fail(new ModelException(ErrorCode.INTERNAL_ERROR, "the model stream could not be handled", false, 0, e));
            return;
        }
        subscription.request(1);
    }

    /** An error event, or a payload the protocol does not allow. */
    private void streamFailed(IOException e) {
        if (e instanceof StreamError se) {
            call.failed(this, provider.failures().status(se.status(), se.code(), se.getMessage(), number),
                    provider.failures().retryable(se.status(), se.code()), -1, "error event " + se.code());
        } else {
            call.failed(this, provider.failures().invalidStream(e), false, -1, "invalid stream");
        }
    }

    private void stopReading() {
        aborted = true;
        bridge.detach();
        subscription.cancel();
    }

    private void done(HttpResponse<String> response, Throwable error) {
        cancelFirstByteTimer();
        if (aborted || !call.live(this)) {
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ModelException e = responded ? provider.failures().endedEarly(cause, sse.events())
                    : provider.failures().unreachable(cause, number);
            call.failed(this, e, true, -1, cause.getClass().getSimpleName());
            return;
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String text = response.body();
            call.failed(this, provider.failures().fromBody(status, text, number),
                    provider.failures().retryable(status, provider.failures().errorCode(text)),
                    RetryPolicy.retryAfterMs(response.headers(), Instant.now()), "HTTP " + status);
            return;
        }
        try {
            sse.end();
        } catch (IOException e) {
            streamFailed(e);
            return;
        }
        if (decoder.complete()) {
            call.succeed(this, turn.response());
        } else {
            call.failed(this, provider.failures().endedEarly(null, sse.events()), true, -1, "stream ended early");
        }
    }
}
