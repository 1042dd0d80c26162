package dev.dx.testsupport.fakemodel;

import static dev.dx.testsupport.fakemodel.Json.obj;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dx.testsupport.fakemodel.RecordedRequest.Outcome;

/** Serves one client connection: requests one after the other (keep-alive) until the client or the server closes. */
final class FakeConnection implements Runnable {
    private final FakeModelServer server;
    private final Socket socket;
    private final int number;
    private PushbackInputStream in;
    private OutputStream out;

    FakeConnection(FakeModelServer server, Socket socket, int number) {
        this.server = server;
        this.socket = socket;
        this.number = number;
    }

    @Override
    public void run() {
        try (Socket s = socket) {
            in = new PushbackInputStream(new BufferedInputStream(s.getInputStream()), 1);
            out = new BufferedOutputStream(s.getOutputStream());
            while (!server.isClosed()) {
                HttpWire.Request request = HttpWire.read(in, out);
                if (request == null) {
                    return;
                }
                RecordedRequest recorded = server.record(request, number);
                Outcome outcome = Outcome.CLIENT_CLOSED;
                try {
                    outcome = respond(request, recorded);
                } finally {
                    recorded.finish(outcome);
                }
                if (outcome != Outcome.COMPLETED || "close".equalsIgnoreCase(request.header("connection"))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent garbage: this connection is over, the server goes on
        } finally {
            server.connectionEnded(this);
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private Outcome respond(HttpWire.Request request, RecordedRequest recorded) throws IOException {
        String path = request.path();
        if (request.method().equals("GET") && path.endsWith("/models")) {
            return json(200, Map.of(), server.modelsBody(request.header("anthropic-version") != null));
        }
        ProtocolWriter writer = server.writerFor(path);
        if (writer == null || !request.method().equals("POST")) {
            return json(404, Map.of(), obj("error", obj("message", "FakeModelServer: no route for " + request.method()
                    + " " + path, "type", "not_found")));
        }
        Reply reply = server.nextReply();
        if (!pause(reply.firstByteDelay)) {
            return Outcome.CLIENT_CLOSED;
        }
        if (reply.status != 200) {
            return json(reply.status, reply.headers, writer.errorBody(reply.status, reply.errorMessage));
        }
        Map<String, Object> body = recorded.json();
        String model = body != null && body.get("model") instanceof String m ? m : "fake-model";
        List<Frame> frames = writer.frames(reply, model, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        headers.put("Cache-Control", "no-cache");
        headers.putAll(reply.headers);
        HttpWire.writeChunkedHead(out, 200, headers);
        int deltas = 0;
        for (Frame f : frames) {
            if (reply.cutAfter >= 0 && deltas == reply.cutAfter && (reply.cutAfter > 0 || f.delta())) {
                close();
                return Outcome.CUT;
            }
            if (f.delta() && !pause(reply.chunkDelay)) {
                return Outcome.CLIENT_CLOSED;
            }
            HttpWire.writeChunk(out, f.text().getBytes(StandardCharsets.UTF_8));
            if (f.delta()) {
                deltas++;
            }
        }
        HttpWire.endChunks(out);
        return Outcome.COMPLETED;
    }

    private Outcome json(int status, Map<String, String> extra, Object body) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(extra);
        HttpWire.writeFull(out, status, headers, server.json().write(body).getBytes(StandardCharsets.UTF_8));
        return Outcome.COMPLETED;
    }

    /**
     * Waits by reading from the client with a timeout, so a client that closes the connection meanwhile is noticed at
     * once (the read sees end of stream) rather than at the next write.
     *
     * @return {@code false} if the client closed the connection (or the server is closing)
     */
    private boolean pause(Duration delay) throws IOException {
        long deadline = System.nanoTime() + delay.toNanos();
        try {
            for (long left = delay.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                try {
                    int b = in.read();
                    if (b == -1) {
                        return false;
                    }
                    in.unread(b);
                    return true; // the client sent something (it never should mid-reply): stop waiting
                } catch (SocketTimeoutException e) {
                    // the delay passed with the client still there
                }
            }
            return !server.isClosed();
        } catch (IOException e) {
            return false;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(0);
            }
        }
    }
}
