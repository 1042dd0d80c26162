package dev.dx.provider.internal.codec;

import java.io.IOException;

/** Reads the server-sent events of one streamed answer, in order. */
public interface StreamDecoder {
    /**
     * @param name the {@code event:} name, or {@code null} when the protocol sends only {@code data:}
     * @param data the {@code data:} payload
     * @throws StreamError for an error the server reported inside the stream
     * @throws IOException for a payload that is not what the protocol promises
     */
    void event(String name, String data) throws IOException;

    /** @return whether the protocol's end of stream arrived (anything less is a stream that ended early) */
    boolean complete();
}
