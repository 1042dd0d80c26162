package dev.dx.testsupport.fakemodel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON for the fake server: ordered object literals and one mapper per server. */
final class Json {
    private final ObjectMapper mapper = new ObjectMapper();

    /** @return an ordered object from alternating keys and values ({@code null} values kept) */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the object, or {@code null} if the bytes are not a JSON object */
    Map<String, Object> parseObject(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(bytes, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return null;
        }
    }
}
