package dev.dx.memory.internal.embed.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.EmbeddingException;
import dev.dx.memory.internal.util.NamedThreads;

/**
 * An embedding model behind HTTP, one per {@code etc/dev.dx.embedder-<name>.cfg}: OpenAI-compatible
 * {@code POST /v1/embeddings} (OpenAI, vLLM, llama.cpp, LM Studio, ...) or Ollama {@code POST /api/embed}. Its id is
 * the {@code id} setting, or the configuration's name. The API key is a private property ({@code .apiKey}), so it
 * never appears among the service's properties; use {@code ${secret:name}} to keep it out of the file.
 */
@Component(service = Embedder.class, configurationPid = HttpEmbedder.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HttpEmbedder.Config.class, factory = true)
public final class HttpEmbedder implements Embedder {
    /** The factory PID. */
    public static final String FACTORY_PID = "dev.dx.embedder";
    private static final Logger LOG = LoggerFactory.getLogger(HttpEmbedder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "DX HTTP embedder",
            description = "An embedding model served over HTTP: OpenAI-compatible /v1/embeddings or Ollama /api/embed")
    public @interface Config {
        @AttributeDefinition(name = "Id", description = "The id dev.dx.memory's 'embedder' refers to; empty: the "
                + "configuration's name (dev.dx.embedder-<name>.cfg)", required = false)
        String id() default "";

        @AttributeDefinition(name = "Type", description = "The API", options = {
                @Option(value = "openai", label = "OpenAI-compatible (/v1/embeddings)"),
                @Option(value = "ollama", label = "Ollama (/api/embed)")})
        String type() default "openai";

        @AttributeDefinition(name = "URL", description = "Base URL, e.g. https://api.openai.com/v1 or "
                + "http://127.0.0.1:11434; a URL that already ends with the endpoint path is used as it is")
        String url();

        @AttributeDefinition(name = "Model", description = "The model name, e.g. text-embedding-3-small or "
                + "nomic-embed-text")
        String model();

        @AttributeDefinition(name = "Dimension", description = "Length of the model's vectors; changing it re-embeds "
                + "the memory", min = "1", max = "16384")
        int dimension();

        @AttributeDefinition(name = "API key", description = "Sent as a bearer token; write ${secret:name} to take it "
                + "from the secret store", required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String _apiKey() default "";

        @AttributeDefinition(name = "Batch", description = "Most texts per request", min = "1", max = "2048")
        int batchSize() default 64;

        @AttributeDefinition(name = "Timeout", description = "Milliseconds a request may take", min = "100")
        long timeoutMs() default 30_000;
    }

    private String id;
    private Config config;
    private URI endpoint;
    private volatile HttpClient client;
    private ThreadPoolExecutor executor;

    @Activate
    void activate(Config config, Map<String, Object> properties) {
        String pid = String.valueOf(properties.getOrDefault("service.pid", ""));
        String name = pid.contains("~") ? pid.substring(pid.indexOf('~') + 1) : pid;
        this.id = config.id().isBlank() ? name : config.id().strip();
        this.config = config;
        this.endpoint = endpoint(config.type(), config.url());
        // the client's work runs on threads this component owns and ends on deactivation
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new NamedThreads("dx-memory-http-" + id, Thread.NORM_PRIORITY));
        this.client = HttpClient.newBuilder().executor(executor)
                .connectTimeout(Duration.ofMillis(Math.min(10_000, config.timeoutMs()))).build();
    }

    @Deactivate
    void deactivate() {
        HttpClient c = client;
        client = null;
        executor.shutdownNow();
        if (c instanceof AutoCloseable closeable) {
            // Java 21+ can close the client's selector thread; on 17 it ends once the client is unreachable
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing the HTTP client of embedder {}: {}", id, e.toString());
            }
        }
    }

    static URI endpoint(String type, String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if ("ollama".equals(type)) {
            return URI.create(u.endsWith("/api/embed") ? u : u + "/api/embed");
        }
        if (u.endsWith("/embeddings")) {
            return URI.create(u);
        }
        return URI.create(u.endsWith("/v1") ? u + "/embeddings" : u + "/v1/embeddings");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return config.dimension();
    }

    @Override
    public String model() {
        return config.type() + ":" + config.model();
    }

    @Override
    public float[][] embed(List<String> texts) throws EmbeddingException {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += config.batchSize()) {
            out.addAll(request(texts.subList(from, Math.min(texts.size(), from + config.batchSize()))));
        }
        return out.toArray(new float[0][]);
    }

    private List<float[]> request(List<String> texts) throws EmbeddingException {
        HttpClient c = client;
        if (c == null) {
            throw new EmbeddingException("Embedder '" + id + "' is stopped");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", config.model());
        body.put("input", texts);
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMillis(config.timeoutMs()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new EmbeddingException("Cannot write the embedding request: " + e.getMessage(), e);
        }
        if (!config._apiKey().isBlank()) {
            b.header("Authorization", "Bearer " + config._apiKey());
        }
        HttpResponse<byte[]> response;
        try {
            response = c.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new EmbeddingException("Embedder '" + id + "' cannot reach " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("Embedding was interrupted", e);
        }
        if (response.statusCode() != 200) {
            String detail = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            throw new EmbeddingException("Embedder '" + id + "' got HTTP " + response.statusCode() + " from "
                    + endpoint + ": " + (detail.length() > 200 ? detail.substring(0, 200) + "…" : detail));
        }
        try {
            return parse(JSON.readTree(response.body()), texts.size());
        } catch (IOException e) {
            throw new EmbeddingException("Embedder '" + id + "' answered something that is not JSON", e);
        }
    }

    /** Reads {@code data[].embedding} (OpenAI, ordered by {@code index}) or {@code embeddings[]} (Ollama). */
    List<float[]> parse(JsonNode root, int expected) throws EmbeddingException {
        List<float[]> vectors = new ArrayList<>(expected);
        if (root.has("data")) {
            float[][] byIndex = new float[expected][];
            int i = 0;
            for (JsonNode item : root.get("data")) {
                int at = item.path("index").asInt(i++);
                if (at >= 0 && at < expected) {
                    byIndex[at] = floats(item.get("embedding"));
                }
            }
            for (float[] v : byIndex) {
                vectors.add(v);
            }
        } else if (root.has("embeddings")) {
            for (JsonNode e : root.get("embeddings")) {
                vectors.add(floats(e));
            }
        }
        if (vectors.size() != expected || vectors.contains(null)) {
            throw new EmbeddingException("Embedder '" + id + "' returned " + vectors.size() + " vectors for " + expected
                    + " texts; is it an embedding endpoint of type '" + config.type() + "'?");
        }
        for (float[] v : vectors) {
            if (v.length != config.dimension()) {
                throw new EmbeddingException("Embedder '" + id + "' returned " + v.length + " dimensions but is "
                        + "configured with dimension = " + config.dimension() + "; fix 'dimension' in its configuration");
            }
        }
        return vectors;
    }

    private static float[] floats(JsonNode array) throws EmbeddingException {
        if (array == null || !array.isArray()) {
            return null;
        }
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isNumber()) {
                throw new EmbeddingException("An embedding contains a value that is not a number");
            }
            v[i] = n.floatValue();
        }
        return v;
    }
}
