package dev.dx.memory.internal.embed.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** The WordPiece vocabulary (token to id) of a HuggingFace {@code tokenizer.json}, read without building its tree. */
public final class Vocabulary {
    private final Map<String, Integer> ids;

    private Vocabulary(Map<String, Integer> ids) {
        this.ids = ids;
    }

    /**
     * Reads {@code model.vocab} of a {@code tokenizer.json}.
     *
     * @param in the JSON, closed by the caller
     * @throws IOException if it cannot be read or has no vocabulary
     */
    public static Vocabulary readTokenizerJson(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        Map<String, Integer> ids = new HashMap<>(40_000);
        try (JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("tokenizer.json is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!"model".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    if (!"vocab".equals(key)) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String token = p.currentName();
                        p.nextToken();
                        ids.put(token, p.getIntValue());
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            throw new IOException("tokenizer.json has no model.vocab");
        }
        return new Vocabulary(ids);
    }

    /** @return the id of {@code token}, or -1 if it is not in the vocabulary */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** @return the id of a token that must exist, such as {@code [CLS]} */
    public int required(String token) {
        int id = id(token);
        if (id < 0) {
            throw new IllegalStateException("The vocabulary has no " + token);
        }
        return id;
    }

    /** @return how many tokens there are */
    public int size() {
        return ids.size();
    }
}
