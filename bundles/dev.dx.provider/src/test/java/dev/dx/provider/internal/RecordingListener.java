package dev.dx.provider.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelToolCall;

/** Records what a provider streamed, in order, with the thread it came on. */
public final class RecordingListener implements ModelListener {
    /** Everything, as {@code text:…}, {@code thinking:…}, {@code tool:<name>} or {@code retry:<attempt>}. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<String> texts = new CopyOnWriteArrayList<>();
    public final List<String> thinking = new CopyOnWriteArrayList<>();
    public final List<ModelToolCall> toolCalls = new CopyOnWriteArrayList<>();
    public final List<Long> retryDelays = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();
    public final CountDownLatch firstText = new CountDownLatch(1);

    @Override
    public void onText(String delta) {
        events.add("text:" + delta);
        texts.add(delta);
        threads.add(Thread.currentThread().getName());
        firstText.countDown();
    }

    @Override
    public void onThinking(String delta) {
        events.add("thinking:" + delta);
        thinking.add(delta);
    }

    @Override
    public void onToolCall(ModelToolCall call) {
        events.add("tool:" + call.name());
        toolCalls.add(call);
    }

    @Override
    public void onRetry(int attempt, long delayMs, String reason) {
        events.add("retry:" + attempt);
        retryDelays.add(delayMs);
    }
}
