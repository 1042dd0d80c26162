package dev.dx.provider.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelMessage;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.secrets.SecretStore;
import dev.dx.provider.internal.http.HttpModelProvider;
import dev.dx.provider.internal.http.UsageCounters;

/** Builds real providers from typed configurations, as DS would deliver them, and awaits their calls. */
public final class TestProviders {
    private TestProviders() {
    }

    /** @return an instance of the configuration annotation: its defaults plus {@code values} */
    public static ProviderConfig config(Map<String, Object> values) {
        return (ProviderConfig) Proxy.newProxyInstance(ProviderConfig.class.getClassLoader(),
                new Class<?>[] {ProviderConfig.class}, (p, m, args) -> {
                    if (m.getName().equals("annotationType")) {
                        return ProviderConfig.class;
                    }
                    if (m.getDeclaringClass() == Object.class) {
                        return m.getName().equals("toString") ? "ProviderConfig" : m.invoke(values, args);
                    }
                    return values.getOrDefault(m.getName(), m.getDefaultValue());
                });
    }

    /** @return settings of the file {@code etc/dev.dx.provider-<name>.cfg} holding {@code values} */
    public static ProviderSettings settings(String name, Map<String, Object> values, Map<String, String> env) {
        Map<String, Object> props = new HashMap<>(values);
        props.put("service.pid", "dev.dx.provider~" + name);
        Object raw = values.get("apiKey");
        return ProviderSettings.fromConfig(config(values), props, raw instanceof String s ? s : null,
                (SecretStore.State) values.get(".secretState"), env::get);
    }

    /** @return a provider for {@code values}, with no environment */
    public static HttpModelProvider provider(String name, Map<String, Object> values) {
        return new HttpModelProvider(settings(name, values, Map.of()), new UsageCounters());
    }

    /** Fast retries and short timeouts, so failure tests take milliseconds. */
    public static Map<String, Object> fast(String type, String baseUrl, String apiKey) {
        Map<String, Object> v = new HashMap<>();
        v.put("type", type);
        v.put("baseUrl", baseUrl);
        if (apiKey != null) {
            v.put("apiKey", apiKey);
        }
        v.put("initialBackoffMs", 10L);
        v.put("maxBackoffMs", 40L);
        v.put("firstByteTimeoutMs", 10_000L);
        v.put("requestTimeoutMs", 20_000L);
        return v;
    }

    public static ModelRequest ask(String model, String text) {
        return new ModelRequest(model, "You are terse.", List.of(ModelMessage.user(text)), List.of(), 256, "off", null);
    }

    /** @return the answer, failing the test if there is none within 10 s */
    public static ModelResponse await(ModelCall call) throws Exception {
        try {
            return call.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
        }
    }

    /** @return the call's failure, failing the test if it does not fail within {@code seconds} */
    public static ModelException failure(ModelCall call, int seconds) throws InterruptedException, TimeoutException {
        try {
            ModelResponse r = call.result().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ModelException me) {
                return me;
            }
            throw new AssertionError("expected a ModelException, got " + e.getCause(), e.getCause());
        }
    }
}
