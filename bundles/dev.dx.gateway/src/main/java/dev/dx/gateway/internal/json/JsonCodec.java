package dev.dx.gateway.internal.json;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/**
 * JSON for the gateway: a strict parser with depth and size limits (applied while parsing, so an abusive document is
 * refused before it is built), binding of parameters with messages that name the field, and serialisation of results.
 * Messages never echo Java class names or the input document.
 */
public final class JsonCodec {
    private static final Map<Class<?>, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(int.class, "an integer"), Map.entry(Integer.class, "an integer"),
            Map.entry(long.class, "an integer"), Map.entry(Long.class, "an integer"),
            Map.entry(short.class, "an integer"), Map.entry(Short.class, "an integer"),
            Map.entry(double.class, "a number"), Map.entry(Double.class, "a number"),
            Map.entry(float.class, "a number"), Map.entry(Float.class, "a number"),
            Map.entry(boolean.class, "a boolean"), Map.entry(Boolean.class, "a boolean"),
            Map.entry(String.class, "a string"));

    private final ObjectMapper mapper;

    /**
     * @param maxDepth    deepest nesting of arrays and objects
     * @param maxDocument largest document in characters or bytes
     * @param maxTokens   most tokens in a document: a huge object of tiny members is refused before it is built
     */
    public JsonCodec(int maxDepth, int maxDocument, int maxTokens) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxTokenCount(maxTokens)
                .maxDocumentLength(maxDocument)
                .maxStringLength(maxDocument)
                .maxNumberLength(64)
                .maxNameLength(1024)
                .build();
        JsonMapper.Builder b = JsonMapper.builder(
                        com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(limits).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addModule(new JavaTimeModule());
        this.mapper = b.build();
    }

    /** @return the underlying mapper, for components of this bundle that write JSON */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Parses one JSON document.
     *
     * @throws RpcException {@link ErrorCode#PARSE_ERROR} saying where and why, or {@link ErrorCode#TOO_LARGE} when a
     *                      limit was hit
     */
    public JsonNode parse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new RpcException(ErrorCode.PARSE_ERROR, "Parse error: the request is empty; send a JSON-RPC 2.0 "
                        + "request object or a batch array");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new RpcException(ErrorCode.PARSE_ERROR, "Parse error: " + limitMessage(e));
        } catch (JsonProcessingException e) {
            throw new RpcException(ErrorCode.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()
                    + location(e) + "; send valid JSON");
        }
    }

    /** Parses a document from bytes (HTTP bodies). */
    public JsonNode parse(byte[] utf8) {
        try {
            JsonNode node = mapper.readTree(utf8);
            if (node == null || node.isMissingNode()) {
                throw new RpcException(ErrorCode.PARSE_ERROR, "Parse error: the request is empty; send a JSON-RPC 2.0 "
                        + "request object or a batch array");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new RpcException(ErrorCode.PARSE_ERROR, "Parse error: " + limitMessage(e));
        } catch (JsonProcessingException e) {
            throw new RpcException(ErrorCode.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()
                    + location(e) + "; send valid JSON");
        } catch (java.io.IOException e) {
            throw new RpcException(ErrorCode.PARSE_ERROR, "Parse error: unreadable request body", e);
        }
    }

    /**
     * Binds parameters to a type.
     *
     * @throws RpcException {@link ErrorCode#INVALID_PARAMS} naming the field and what was expected
     */
    public <T> T bind(JsonNode params, Class<T> type) {
        try {
            return mapper.treeToValue(params, type);
        } catch (UnrecognizedPropertyException e) {
            Collection<Object> known = e.getKnownPropertyIds();
            String hint = known == null || known.isEmpty() ? ""
                    : "; accepted: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            throw RpcException.invalidParams("Unknown parameter '" + path(e) + "'" + hint);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String msg = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? cause.getMessage() : "invalid parameters";
            throw RpcException.invalidParams("Invalid params: " + msg);
        } catch (InvalidFormatException e) {
            throw RpcException.invalidParams("Parameter '" + path(e) + "' must be " + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String p = path(e);
            if (p.isEmpty()) {
                throw RpcException.invalidParams("Parameters must be " + typeName(e.getTargetType()));
            }
            throw RpcException.invalidParams("Parameter '" + p + "' must be " + typeName(e.getTargetType()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw RpcException.invalidParams("Invalid params: " + simple(e));
        }
    }

    /** @return a tree as plain maps, lists and scalars */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap(JsonNode node) {
        return mapper.convertValue(node, Map.class);
    }

    /** Serialises a result or payload. */
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new RpcException(ErrorCode.INTERNAL_ERROR, "Internal error: the result could not be serialised", e);
        }
    }

    /** Serialises a value to a tree. */
    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        String name = TYPE_NAMES.get(type);
        if (name != null) {
            return name;
        }
        if (type.isArray() || List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            Object[] values = type.getEnumConstants();
            return "one of " + java.util.Arrays.stream(values).map(v -> ((Enum<?>) v).name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String limitMessage(StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        int from = m.indexOf(", from `");
        if (from > 0) {
            m = m.substring(0, from) + ")";
        }
        return m.replaceAll("\\s*\\(`[^`]*`\\)", "");
    }

    private static String simple(Exception e) {
        String m = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
        // Jackson names Java types in some messages; keep what the user can act on.
        return m == null ? "invalid parameters" : m.replaceAll("`[a-zA-Z0-9_.$]+`", "value");
    }
}
