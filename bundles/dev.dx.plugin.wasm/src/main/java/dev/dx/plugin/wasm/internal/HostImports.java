package dev.dx.plugin.wasm.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;

/**
 * The functions of import module {@code dx}. Each checks the guest's pointers, then delegates to the
 * {@link PluginHost}, which checks the plugin's permissions; a denial or a bad pointer traps the call.
 */
final class HostImports {
    static final int MAX_LOG_BYTES = 4096;
    static final int MAX_KEY_BYTES = 256;
    /** What {@code dx_kv_get} returns for a key without a value. */
    static final long ABSENT = -1L;

    static final Map<String, FunctionType> TYPES = types();

    private final PluginHost host;
    private final int maxBytes;
    /** The deadline of the call in progress; written and read on the plugin's call thread only. */
    private Deadline deadline = Deadline.after(java.time.Duration.ofSeconds(30));

    HostImports(PluginHost host, int maxBytes) {
        this.host = host;
        this.maxBytes = maxBytes;
    }

    void deadline(Deadline d) {
        this.deadline = d;
    }

    private static Map<String, FunctionType> types() {
        Map<String, FunctionType> t = new LinkedHashMap<>();
        t.put("dx_log", FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()));
        t.put("dx_http_request", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I64)));
        t.put("dx_kv_get", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I64)));
        t.put("dx_kv_set", FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32),
                List.of(ValType.I32)));
        return Map.copyOf(t);
    }

    ImportValues values() {
        return ImportValues.builder()
                .addFunction(new HostFunction("dx", "dx_log", TYPES.get("dx_log"), this::log))
                .addFunction(new HostFunction("dx", "dx_http_request", TYPES.get("dx_http_request"), this::http))
                .addFunction(new HostFunction("dx", "dx_kv_get", TYPES.get("dx_kv_get"), this::kvGet))
                .addFunction(new HostFunction("dx", "dx_kv_set", TYPES.get("dx_kv_set"), this::kvSet))
                .build();
    }

    private long[] log(Instance instance, long... args) {
        int len = (int) args[2];
        int cut = Integer.compareUnsigned(len, MAX_LOG_BYTES) > 0 ? MAX_LOG_BYTES : len;
        // the whole range must be valid even when only the start is logged
        GuestMemory.read(instance, (int) args[1], len, maxBytes, "dx_log's message");
        byte[] bytes = GuestMemory.read(instance, (int) args[1], cut, maxBytes, "dx_log's message");
        host.log(level((int) args[0]), new String(bytes, StandardCharsets.UTF_8));
        return null;
    }

    private long[] http(Instance instance, long... args) {
        String request = GuestMemory.text(instance, (int) args[0], (int) args[1], maxBytes, "dx_http_request's request");
        byte[] response = host.http(request, deadline).getBytes(StandardCharsets.UTF_8);
        return new long[] {GuestMemory.write(instance, response)};
    }

    private long[] kvGet(Instance instance, long... args) {
        String key = GuestMemory.text(instance, (int) args[0], (int) args[1], MAX_KEY_BYTES, "dx_kv_get's key");
        byte[] value = host.kvGet(key);
        return new long[] {value == null ? ABSENT : GuestMemory.write(instance, value)};
    }

    private long[] kvSet(Instance instance, long... args) {
        String key = GuestMemory.text(instance, (int) args[0], (int) args[1], MAX_KEY_BYTES, "dx_kv_set's key");
        // a length of -1 (0xffffffff) deletes the key
        byte[] value = (int) args[3] == -1 ? null
                : GuestMemory.read(instance, (int) args[2], (int) args[3], maxBytes, "dx_kv_set's value");
        try {
            host.kvSet(key, value);
            return new long[] {0};
        } catch (PluginException e) {
            if (e.code() == PluginException.Code.DENIED) {
                throw e;
            }
            // too large, storage unavailable: the plugin gets -1 and may carry on
            host.log(PluginHost.Level.WARN, "dx_kv_set failed: " + e.getMessage());
            return new long[] {-1};
        }
    }

    private static PluginHost.Level level(int l) {
        return switch (l) {
            case 0 -> PluginHost.Level.DEBUG;
            case 2 -> PluginHost.Level.WARN;
            case 3 -> PluginHost.Level.ERROR;
            default -> PluginHost.Level.INFO;
        };
    }
}
