package dev.dx.bench;

import java.io.Closeable;
import java.io.IOException;

/** One client connection able to make {@code health} calls, one at a time. */
interface RoundTrip extends Closeable {
    /**
     * Sends {@code health} and waits for its answer.
     *
     * @return {@code true} for the expected result, {@code false} for a JSON-RPC or HTTP error answer (see
     *         {@link #lastError()})
     * @throws IOException if the connection failed or the answer was not JSON-RPC for this request
     */
    boolean health() throws IOException;

    /** @return the last error answer, for the report (never contains the token) */
    String lastError();

    /** Cuts the connection at once, unblocking a thread that is reading from it. */
    default void abort() throws IOException {
        close();
    }
}
