package dev.dx.testsupport.fakemodel;

import static dev.dx.testsupport.fakemodel.Json.obj;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake LLM API on {@code 127.0.0.1} (ephemeral port) for tests: plain sockets, HTTP/1.1 with keep-alive, one thread
 * per connection. It answers {@code POST …/v1/messages} (Anthropic Messages), {@code POST …/chat/completions} (OpenAI
 * Chat Completions) and {@code POST …/responses} (OpenAI Responses) with the next scripted {@link Reply}, streamed in
 * that protocol's server-sent events, and {@code GET …/models} with {@link #models(String...)}. Every request is
 * recorded for assertions.
 *
 * <pre>
 * try (FakeModelServer fake = FakeModelServer.start()) {
 *     fake.enqueue(Reply.ofText("Hello").chunks(2));
 *     // point a provider at fake.baseUrl() and call it
 *     assertEquals("/v1/messages", fake.requests().get(0).path());
 * }
 * </pre>
 *
 * When the script is empty the server answers {@code 501} (not retried by clients), unless a
 * {@link #defaultReply(Reply) default} is set.
 *
 * @since 0.1
 */
public final class FakeModelServer implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Json json = new Json();
    private final Map<String, ProtocolWriter> writers;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Set<FakeConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile List<String> models = List.of("fake-model");
    private volatile Reply defaultReply;
    private volatile boolean closed;

    private FakeModelServer() throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        writers = Map.of("/messages", new AnthropicWriter(json), "/chat/completions", new ChatCompletionsWriter(json),
                "/responses", new ResponsesWriter(json));
        acceptor = new Thread(this::accept, "fake-model-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        threads.add(acceptor);
        acceptor.start();
    }

    /** @return a server listening on 127.0.0.1 on a free port */
    public static FakeModelServer start() throws IOException {
        return new FakeModelServer();
    }

    /** @return the port */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** @return {@code http://127.0.0.1:<port>}, without {@code /v1} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Queues replies; each request takes the next one. */
    public FakeModelServer enqueue(Reply... replies) {
        for (Reply r : replies) {
            script.addLast(r);
        }
        return this;
    }

    /** Sets the reply used when the script is empty ({@code null}: answer 501). */
    public FakeModelServer defaultReply(Reply reply) {
        this.defaultReply = reply;
        return this;
    }

    /** Sets what {@code GET /v1/models} lists. */
    public FakeModelServer models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    /** @return the scripted replies not used yet */
    public int pending() {
        return script.size();
    }

    /** @return how many connections were accepted so far */
    public int connections() {
        return connections.get();
    }

    /** @return the requests received so far, oldest first */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Waits until at least {@code count} requests arrived.
     *
     * @return the requests so far
     * @throws AssertionError if they did not arrive in time
     */
    public synchronized List<RecordedRequest> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " requests within " + timeout.toMillis() + " ms, got "
                        + requests.size() + ": " + requests);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(requests);
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(FakeConnection::close);
        for (Thread t : List.copyOf(threads)) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void accept() {
        try {
            while (!closed) {
                Socket s = serverSocket.accept();
                s.setTcpNoDelay(true);
                int n = connections.incrementAndGet();
                FakeConnection c = new FakeConnection(this, s, n);
                open.add(c);
                Thread t = new Thread(c, "fake-model-conn-" + port() + "-" + n);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        } catch (IOException e) {
            // the server socket was closed
        } finally {
            threads.remove(Thread.currentThread());
        }
    }

    boolean isClosed() {
        return closed;
    }

    Json json() {
        return json;
    }

    synchronized RecordedRequest record(HttpWire.Request r, int connection) {
        RecordedRequest rec = new RecordedRequest(r.method(), r.path(), r.headers(), r.body(),
                json.parseObject(r.body()), System.nanoTime(), connection);
        requests.add(rec);
        notifyAll();
        return rec;
    }

    void connectionEnded(FakeConnection c) {
        open.remove(c);
        threads.remove(Thread.currentThread());
    }

    Reply nextReply() {
        Reply r = script.pollFirst();
        if (r != null) {
            return r;
        }
        Reply d = defaultReply;
        return d != null ? d : Reply.error(501, "FakeModelServer: no scripted reply left");
    }

    ProtocolWriter writerFor(String path) {
        for (Map.Entry<String, ProtocolWriter> e : writers.entrySet()) {
            if (path.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    Object modelsBody(boolean anthropic) {
        List<Object> data = new ArrayList<>();
        for (String id : models) {
            data.add(anthropic ? obj("type", "model", "id", id, "display_name", id, "created_at", "2025-01-01T00:00:00Z")
                    : obj("id", id, "object", "model", "created", 0, "owned_by", "fake"));
        }
        return anthropic ? obj("data", data, "has_more", false, "first_id", null, "last_id", null)
                : obj("object", "list", "data", data);
    }
}
