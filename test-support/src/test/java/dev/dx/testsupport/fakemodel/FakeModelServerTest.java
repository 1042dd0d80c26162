package dev.dx.testsupport.fakemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The fake's own plumbing; the provider tests exercise its protocols. */
class FakeModelServerTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(FakeModelServer fake, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(FakeModelServer fake, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsModelsInEitherShape() throws Exception {
        try (FakeModelServer fake = FakeModelServer.start().models("m-1", "m-2")) {
            String openai = get(fake, "/v1/models").body();
            assertTrue(openai.contains("\"object\":\"list\"") && openai.contains("\"id\":\"m-2\""), openai);
            String anthropic = get(fake, "/v1/models", "anthropic-version", "2023-06-01").body();
            assertTrue(anthropic.contains("\"has_more\":false") && anthropic.contains("\"type\":\"model\""), anthropic);
        }
    }

    @Test
    void answers501WhenTheScriptIsEmptyAnd404ForUnknownRoutes() throws Exception {
        try (FakeModelServer fake = FakeModelServer.start()) {
            HttpResponse<String> r = post(fake, "/v1/messages", "{\"model\":\"x\"}");
            assertEquals(501, r.statusCode());
            assertTrue(r.body().contains("no scripted reply"), r.body());
            assertEquals(404, post(fake, "/v1/embeddings", "{}").statusCode());
            fake.defaultReply(Reply.ofText("again"));
            for (int i = 0; i < 2; i++) {
                assertTrue(post(fake, "/v1/chat/completions", "{\"model\":\"x\"}").body().contains("again"));
            }
            assertEquals(4, fake.requests().size());
            assertEquals(Map.of("model", "x"), fake.requests().get(3).json());
        }
    }

    @Test
    void readsChunkedRequestBodies() throws Exception {
        try (FakeModelServer fake = FakeModelServer.start(); Socket s = new Socket("127.0.0.1", fake.port())) {
            fake.enqueue(Reply.ofText("ok"));
            String req = "POST /v1/responses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"mod\r\n9\r\nel\":\"y\"}\r\n0\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            RecordedRequest r = fake.awaitRequests(1, Duration.ofSeconds(5)).get(0);
            assertEquals(Map.of("model", "y"), r.json());
            assertEquals("x", r.header("HOST"));
        }
    }

    @Test
    void awaitingRequestsThatNeverComeFails() throws Exception {
        try (FakeModelServer fake = FakeModelServer.start()) {
            assertThrows(AssertionError.class, () -> fake.awaitRequests(1, Duration.ofMillis(50)));
        }
    }

    @Test
    void closeStopsListening() throws Exception {
        FakeModelServer fake = FakeModelServer.start();
        int port = fake.port();
        fake.close();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        assertEquals(List.of(), fake.requests());
    }

    @Test
    void splitsTextIntoTheAskedNumberOfPieces() throws IOException {
        Reply r = Reply.ofText("abcdefghij").chunks(3);
        assertEquals(List.of("abc", "def", "ghij"), r.pieces("abcdefghij"));
        assertEquals(List.of("😀", "😀"), Reply.stream().chunks(5).pieces("😀😀"));
        assertEquals(List.of(""), r.pieces(""));
    }
}
