package dev.dx.provider.internal.codec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;

import dev.dx.api.model.ModelRequest;

/** One wire protocol: where to send a request, how to write it and how to read the streamed answer. */
public interface WireCodec {
    /** @return the URL to POST to, under {@code base} */
    URI endpoint(URI base);

    /** Adds authentication and protocol headers. */
    void headers(HttpRequest.Builder request);

    /** @return the JSON request body, asking for a stream */
    byte[] encode(ModelRequest request) throws IOException;

    /** @return a decoder for one streamed answer, feeding {@code turn} */
    StreamDecoder decoder(TurnAccumulator turn);

    /**
     * @param base a configured base URL, with or without a version segment
     * @param path the endpoint under the version, e.g. {@code chat/completions}
     * @return {@code base/v1/path}, or {@code base/path} when the base already ends with a version ({@code /v1},
     *         {@code /api/v1}) as OpenRouter's and vLLM's documented base URLs do
     */
    static URI under(URI base, String path) {
        String b = base.toString();
        return URI.create(b + (b.matches(".*/v\\d+[a-z0-9]*$") ? "/" : "/v1/") + path);
    }

    /** Adds the OpenAI-style {@code Authorization: Bearer} header; servers without authentication get none. */
    static void bearer(HttpRequest.Builder request, String apiKey) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
    }
}
