package dev.dx.gateway.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec(16, 10_000, 500);

    record Params(int limit, String name, List<String> tags) {
        Params {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must not be negative");
            }
        }
    }

    record Stamp(Instant at) {
    }

    @Test
    void parsesValidJsonAndRefusesGarbageWithALocation() {
        assertEquals(1, codec.parse("{\"a\":1}").get("a").asInt());
        RpcException e = assertThrows(RpcException.class, () -> codec.parse("{\"a\":"));
        assertEquals(ErrorCode.PARSE_ERROR, e.error());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertEquals(ErrorCode.PARSE_ERROR, assertThrows(RpcException.class, () -> codec.parse("")).error());
        assertEquals(ErrorCode.PARSE_ERROR, assertThrows(RpcException.class, () -> codec.parse("{} {}")).error());
        assertEquals(ErrorCode.PARSE_ERROR, assertThrows(RpcException.class, () -> codec.parse("NaN")).error());
    }

    @Test
    void refusesAnObjectOfTooManyMembersWhileParsing() {
        StringBuilder huge = new StringBuilder("{");
        for (int i = 0; i < 300; i++) {
            huge.append(i > 0 ? "," : "").append("\"k").append(i).append("\":0");
        }
        String text = huge.append('}').toString();
        RpcException e = assertThrows(RpcException.class, () -> codec.parse(text));
        assertEquals(ErrorCode.PARSE_ERROR, e.error());
        assertTrue(e.getMessage().contains("Token count"), e.getMessage());
        assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
        assertEquals(ErrorCode.PARSE_ERROR, assertThrows(RpcException.class,
                () -> codec.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).error());
        StringBuilder fits = new StringBuilder("{");
        for (int i = 0; i < 200; i++) {
            fits.append(i > 0 ? "," : "").append("\"k").append(i).append("\":0");
        }
        assertEquals(200, codec.parse(fits.append('}').toString()).size());
    }

    @Test
    void refusesDuplicateKeys() {
        RpcException e = assertThrows(RpcException.class, () -> codec.parse("{\"method\":\"a\",\"method\":\"b\"}"));
        assertTrue(e.getMessage().contains("method"), e.getMessage());
    }

    @Test
    void enforcesDepthAndSizeWhileParsing() {
        String deep = "[".repeat(17) + "]".repeat(17);
        RpcException e = assertThrows(RpcException.class, () -> codec.parse(deep));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
        assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
        String fits = "[".repeat(16) + "]".repeat(16);
        assertTrue(codec.parse(fits).isArray());
        String big = "\"" + "x".repeat(20_000) + "\"";
        assertEquals(ErrorCode.PARSE_ERROR, assertThrows(RpcException.class, () -> codec.parse(big)).error());
    }

    @Test
    void bindingErrorsNameTheFieldWithoutJavaNames() {
        JsonNode wrongType = codec.parse("{\"limit\":\"ten\"}");
        RpcException e = assertThrows(RpcException.class, () -> codec.bind(wrongType, Params.class));
        assertEquals(ErrorCode.INVALID_PARAMS, e.error());
        assertEquals("Parameter 'limit' must be an integer", e.getMessage());

        RpcException unknown = assertThrows(RpcException.class,
                () -> codec.bind(codec.parse("{\"limit\":1,\"nmae\":\"x\"}"), Params.class));
        assertTrue(unknown.getMessage().startsWith("Unknown parameter 'nmae'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("name"), unknown.getMessage());

        RpcException list = assertThrows(RpcException.class,
                () -> codec.bind(codec.parse("{\"tags\":\"a\",\"limit\":1}"), Params.class));
        assertTrue(list.getMessage().contains("'tags'"), list.getMessage());

        RpcException invalid = assertThrows(RpcException.class,
                () -> codec.bind(codec.parse("{\"limit\":-1}"), Params.class));
        assertEquals("Invalid params: limit must not be negative", invalid.getMessage());

        for (RpcException x : List.of(e, unknown, list, invalid)) {
            assertFalse(x.getMessage().contains("dev.dx"), x.getMessage());
            assertFalse(x.getMessage().contains("java."), x.getMessage());
        }
    }

    @Test
    void bindsAndWritesValues() {
        Params p = codec.bind(codec.parse("{\"limit\":3,\"name\":\"n\",\"tags\":[\"a\"]}"), Params.class);
        assertEquals(new Params(3, "n", List.of("a")), p);
        assertEquals("{\"at\":\"1970-01-01T00:00:00Z\"}", codec.write(new Stamp(Instant.EPOCH)));
        assertEquals(Map.of("a", 1), codec.toMap(codec.parse("{\"a\":1}")));
    }
}
