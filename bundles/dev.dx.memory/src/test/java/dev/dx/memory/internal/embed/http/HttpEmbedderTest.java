package dev.dx.memory.internal.embed.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.dx.api.memory.EmbeddingException;
import dev.dx.testsupport.component.Configs;

/** The HTTP embedder against small local servers speaking the OpenAI and Ollama embedding APIs. */
class HttpEmbedderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", x -> answer(x, false));
        server.createContext("/api/embed", x -> answer(x, true));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Vectors [i, len(text), 1] in reverse order with indexes (OpenAI) or in order (Ollama). */
    private void answer(HttpExchange x, boolean ollama) throws IOException {
        JsonNode req = JSON.readTree(x.getRequestBody());
        requests.add(req);
        auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
        StringBuilder sb = new StringBuilder(ollama ? "{\"embeddings\":[" : "{\"object\":\"list\",\"data\":[");
        int n = req.get("input").size();
        for (int k = 0; k < n; k++) {
            int i = ollama ? k : n - 1 - k;
            String v = "[" + i + "," + req.get("input").get(i).asText().length() + ",1]";
            sb.append(k > 0 ? "," : "").append(ollama ? v : "{\"index\":" + i + ",\"embedding\":" + v + "}");
        }
        byte[] body = (status == 200 ? sb.append("]}").toString() : "{\"error\":\"overloaded\"}")
                .getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private HttpEmbedder embedder(Map<String, Object> overrides) {
        HttpEmbedder e = new HttpEmbedder();
        Map<String, Object> cfg = new java.util.HashMap<>(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "model", "m1", "dimension", 3, "batchSize", 2));
        cfg.putAll(overrides);
        e.activate(Configs.of(HttpEmbedder.Config.class, cfg), Map.of("service.pid", "dev.dx.embedder~fake"));
        return e;
    }

    @Test
    void openAiCompatibleInBatchesInOrderWithTheKey() throws Exception {
        HttpEmbedder e = embedder(Map.of("_apiKey", "sk-test"));
        assertEquals("fake", e.id(), "the id defaults to the configuration name");
        assertEquals("openai:m1", e.model());
        float[][] v = e.embed(List.of("a", "bb", "ccc"));
        assertEquals(3, v.length);
        assertArrayEquals(new float[] {0, 1, 1}, v[0]);
        assertArrayEquals(new float[] {1, 2, 1}, v[1]);
        assertArrayEquals(new float[] {0, 3, 1}, v[2], "second batch starts at index 0");
        assertEquals(2, requests.size(), "batches of 2");
        assertEquals("m1", requests.get(0).get("model").asText());
        assertEquals("Bearer sk-test", auth.get(0));
    }

    @Test
    void ollamaEmbedEndpoint() throws Exception {
        HttpEmbedder e = embedder(Map.of("type", "ollama", "id", "nomic"));
        assertEquals("nomic", e.id());
        float[][] v = e.embed(List.of("x", "yy"));
        assertArrayEquals(new float[] {1, 2, 1}, v[1]);
        assertEquals("null", auth.get(0), "no key, no header");
    }

    @Test
    void failuresSayWhatWentWrong() {
        status = 503;
        EmbeddingException http = assertThrows(EmbeddingException.class, () -> embedder(Map.of()).embed(List.of("a")));
        assertTrue(http.getMessage().contains("HTTP 503") && http.getMessage().contains("overloaded"), http.getMessage());
        status = 200;
        EmbeddingException dims = assertThrows(EmbeddingException.class,
                () -> embedder(Map.of("dimension", 384)).embed(List.of("a")));
        assertTrue(dims.getMessage().contains("dimension = 384"), dims.getMessage());
        server.stop(0);
        EmbeddingException down = assertThrows(EmbeddingException.class, () -> embedder(Map.of()).embed(List.of("a")));
        assertTrue(down.getMessage().contains("cannot reach"), down.getMessage());
    }

    @Test
    void endpointsFromBaseUrls() {
        assertEquals("https://api.openai.com/v1/embeddings", HttpEmbedder.endpoint("openai", "https://api.openai.com/v1/").toString());
        assertEquals("http://h:8000/v1/embeddings", HttpEmbedder.endpoint("openai", "http://h:8000").toString());
        assertEquals("http://h/x/embeddings", HttpEmbedder.endpoint("openai", "http://h/x/embeddings").toString());
        assertEquals("http://127.0.0.1:11434/api/embed", HttpEmbedder.endpoint("ollama", "http://127.0.0.1:11434").toString());
    }
}
