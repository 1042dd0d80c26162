package dev.dx.session.internal.store;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.dx.api.rpc.RpcException;

/** JSON in text columns and in export lines: maps, lists and scalars, written compactly and read strictly. */
final class JsonColumns {
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static final TypeReference<List<Map<String, Object>>> PARTS = new TypeReference<>() {
    };

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new JavaTimeModule())
            .build();

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * @param what names the value for the error message, e.g. "metadata"
     * @throws RpcException {@code INVALID_PARAMS} if the value cannot be written as JSON
     */
    String write(Object value, String what) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw RpcException.invalidParams("The " + what + " cannot be stored as JSON: use maps, lists, strings, "
                    + "numbers and booleans");
        }
    }

    /** @throws JsonProcessingException if {@code json} is not a JSON object */
    Map<String, Object> map(String json) throws JsonProcessingException {
        if ("{}".equals(json)) {
            // most entries have no meta: skip the parser (a 10,000-entry load spends much of its time here otherwise)
            return Map.of();
        }
        Map<String, Object> m = mapper.readValue(json, MAP);
        if (m == null) {
            throw new JsonProcessingException("null where an object belongs") {
                private static final long serialVersionUID = 1L;
            };
        }
        return m;
    }

    /** @throws JsonProcessingException if {@code json} is not a JSON array of objects */
    List<Map<String, Object>> parts(String json) throws JsonProcessingException {
        if ("[]".equals(json)) {
            return List.of();
        }
        List<Map<String, Object>> p = mapper.readValue(json, PARTS);
        if (p == null) {
            throw new JsonProcessingException("null where an array belongs") {
                private static final long serialVersionUID = 1L;
            };
        }
        return p;
    }

    /** @return {@code value} with every map and list in it read-only, so cached values cannot be changed by callers */
    @SuppressWarnings("unchecked")
    static <T> T freeze(T value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            ((Map<String, Object>) value).forEach((k, v) -> copy.put(k, freeze(v)));
            return (T) java.util.Collections.unmodifiableMap(copy);
        }
        if (value instanceof List) {
            List<Object> copy = new java.util.ArrayList<>();
            ((List<Object>) value).forEach(v -> copy.add(freeze(v)));
            return (T) java.util.Collections.unmodifiableList(copy);
        }
        return value;
    }
}
