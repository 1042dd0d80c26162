package dev.dx.approval.internal.store;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON arrays of strings in database columns. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private Json() {
    }

    static String write(List<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    /** @return the list, or an empty one if the column is damaged (the audit must stay readable) */
    static List<String> read(String json) {
        try {
            return json == null ? List.of() : List.copyOf(MAPPER.readValue(json, STRINGS));
        } catch (JsonProcessingException | RuntimeException e) {
            return List.of("<unreadable>");
        }
    }
}
