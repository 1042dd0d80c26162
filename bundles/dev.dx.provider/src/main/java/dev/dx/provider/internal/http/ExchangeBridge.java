package dev.dx.provider.internal.http;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.util.concurrent.Flow;

/**
 * What the JDK HTTP client holds of an {@link Attempt}: its body handler and line subscriber. The client keeps both
 * reachable from a pooled keep-alive connection long after the exchange; were they the attempt itself, that would
 * keep the whole provider — and through it the client's facade — alive, and the client's selector thread would never
 * end. Once {@link #detach() detached} the bridge leads nowhere.
 */
final class ExchangeBridge implements BodyHandler<String>, Flow.Subscriber<String> {
    private volatile Attempt target;

    ExchangeBridge(Attempt target) {
        this.target = target;
    }

    /** @return the attempt, or {@code null} once detached */
    Attempt target() {
        return target;
    }

    void detach() {
        target = null;
    }

    @Override
    public BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
        Attempt a = target;
        if (a == null) {
            return BodySubscribers.replacing("");
        }
        return a.handler(info.statusCode(), this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Attempt a = target;
        if (a == null) {
            s.cancel();
        } else {
            a.onSubscribe(s);
        }
    }

    @Override
    public void onNext(String line) {
        Attempt a = target;
        if (a != null) {
            a.onNext(line);
        }
    }

    @Override
    public void onError(Throwable t) {
        // reported once more, with the response, to the exchange's future
    }

    @Override
    public void onComplete() {
        // the end of the body reaches the exchange's future right after this
    }
}
