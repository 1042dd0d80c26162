package dev.dx.provider.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What a provider has done since it was registered: calls, failures and tokens, for models.list and the shell. */
public final class UsageCounters {
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder inputTokens = new LongAdder();
    private final LongAdder outputTokens = new LongAdder();

    void record(boolean ok, long input, long output) {
        calls.increment();
        if (!ok) {
            failures.increment();
        }
        inputTokens.add(input);
        outputTokens.add(output);
    }

    /** @return calls, failures, inputTokens, outputTokens */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", calls.sum());
        m.put("failures", failures.sum());
        m.put("inputTokens", inputTokens.sum());
        m.put("outputTokens", outputTokens.sum());
        return m;
    }
}
