package dev.dx.gateway.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.websocket.api.BatchMode;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.api.WebSocketPingPongListener;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.auth.Credential;
import dev.dx.gateway.internal.event.TopicPattern;
import dev.dx.gateway.internal.metrics.GatewayMetrics;
import dev.dx.gateway.internal.rpc.Dispatcher;
import dev.dx.gateway.internal.rpc.EventSink;
import dev.dx.gateway.internal.rpc.GatewayCaller;

/**
 * One WebSocket client. Until it authenticates (header at upgrade, or a first {@code connect} request) it may send only
 * small frames and only {@code connect}; anything else closes the socket. Requests then run on the gateway's workers
 * and are answered as they finish; events are pushed with a per-connection sequence number. A client that stops
 * reading is dropped once its outbound queue exceeds the cap or stops moving for the write timeout.
 */
public final class WsConnection implements WebSocketListener, WebSocketPingPongListener, EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    private static final int MAX_SUBSCRIPTIONS = 64;

    private final GatewayCaller caller;
    private final String authKey;
    private final Limits limits;
    private final ConnectionRegistry registry;
    private final Dispatcher dispatcher;
    private final AccessPolicy access;
    private final GatewayMetrics metrics;
    private final String serverVersion;
    private final RateLimiter limiter;
    private final long openedNanos = System.nanoTime();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final List<TopicPattern> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile Session session;
    private volatile boolean connected;
    private volatile boolean wasAuthenticated;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private volatile long lastReceivedNanos = System.nanoTime();

    WsConnection(String id, String address, Credential headerCredential, String authKey, Limits limits,
            ConnectionRegistry registry, Dispatcher dispatcher, AccessPolicy access, GatewayMetrics metrics,
            String serverVersion) {
        this.caller = new GatewayCaller(id, "ws", address, this);
        if (headerCredential != null) {
            caller.authenticate(headerCredential, null);
        }
        this.authKey = authKey;
        this.limits = limits;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.access = access;
        this.metrics = metrics;
        this.serverVersion = serverVersion;
        this.limiter = new RateLimiter(limits.requestsPerSecond(), limits.requestBurst());
        this.wasAuthenticated = caller.authenticated();
    }

    public GatewayCaller caller() {
        return caller;
    }

    /** @return seconds since the connection opened */
    public long ageSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - openedNanos);
    }

    public long requests() {
        return requests.get();
    }

    public long pendingBytes() {
        return pendingBytes.get();
    }

    @Override
    public void onWebSocketConnect(Session s) {
        this.session = s;
        // The policy is this connection's own copy, and Jetty reads nothing before this call: the limits in force
        // when the connection opened apply from its first frame, whatever the servlet's starting policy says.
        s.getPolicy().setMaxTextMessageSize(caller.authenticated() ? limits.maxMessageBytes()
                : limits.preAuthMaxMessageBytes());
        // Jetty counts our own pings as activity, so it only backs up the sweeper, which waits for the client.
        s.setIdleTimeout(limits.idleTimeoutMs() * 2);
        s.getRemote().setBatchMode(BatchMode.OFF);
        registry.opened(this);
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        lastReceivedNanos = System.nanoTime();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastReceivedNanos = System.nanoTime();
    }

    @Override
    public void onWebSocketText(String text) {
        lastReceivedNanos = System.nanoTime();
        if (closing.get()) {
            return;
        }
        requests.incrementAndGet();
        if (!caller.authenticated()) {
            if (wasAuthenticated) {
                close(StatusCode.POLICY_VIOLATION, "token revoked");
            } else {
                connect(text);
            }
            return;
        }
        JsonNode doc;
        try {
            doc = dispatcher.codec().parse(text);
        } catch (RpcException e) {
            send(dispatcher.error("null", e));
            return;
        }
        if (doc.isObject() && doc.path("method").asText().equals("connect")) {
            if (connected) {
                send(dispatcher.error(Dispatcher.idOf(doc), new RpcException(ErrorCode.INVALID_REQUEST,
                        "Already connected; connect is only valid as the first request")));
            } else {
                connect(doc);
            }
            return;
        }
        long wait = limiter.acquire();
        if (wait > 0) {
            send(dispatcher.error(Dispatcher.idOf(doc), new RpcException(ErrorCode.RATE_LIMITED,
                    "More than " + limits.requestsPerSecond() + " requests a second; slow down", wait, null)));
            return;
        }
        if (inFlight.incrementAndGet() > limits.maxInFlight()) {
            inFlight.decrementAndGet();
            send(dispatcher.error(Dispatcher.idOf(doc), new RpcException(ErrorCode.RATE_LIMITED,
                    "More than " + limits.maxInFlight() + " unanswered requests; wait for answers first", 100, null)));
            return;
        }
        dispatcher.dispatchAsync(caller, doc).whenComplete((answer, failure) -> {
            inFlight.decrementAndGet();
            if (answer != null) {
                send(answer);
            } else if (failure != null) {
                LOG.warn("Request on {} failed outside any method", caller.connectionId(), failure);
            }
        });
    }

    /** The first message of a connection that did not authenticate at the upgrade. */
    private void connect(String text) {
        JsonNode doc;
        try {
            doc = dispatcher.codec().parse(text);
        } catch (RpcException e) {
            refuse("null", e);
            return;
        }
        if (!doc.isObject() || !"connect".equals(doc.path("method").asText()) || !doc.has("id")) {
            refuse(Dispatcher.idOf(doc), new RpcException(ErrorCode.UNAUTHORIZED, "Not authenticated: the first "
                    + "request on /ws must be {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"connect\",\"params\":{\"token\":…}}"));
            return;
        }
        connect(doc);
    }

    private void connect(JsonNode doc) {
        String id = Dispatcher.idOf(doc);
        JsonNode params = doc.path("params");
        long wait = access.retryAfterMs(authKey);
        if (wait > 0) {
            refuse(id, new RpcException(ErrorCode.RATE_LIMITED, "Too many failed logins from this client; retry in "
                    + ((wait + 999) / 1000) + " s", wait, null));
            return;
        }
        Credential credential = caller.credential();
        JsonNode token = params.get("token");
        if (token != null || credential == null) {
            credential = token != null && token.isTextual() ? access.tokens().authenticate(token.asText()) : null;
            if (credential == null) {
                long lock = access.failure(authKey);
                refuse(id, lock > 0
                        ? new RpcException(ErrorCode.RATE_LIMITED, "Invalid token; too many failures, retry in "
                                + ((lock + 999) / 1000) + " s", lock, null)
                        : new RpcException(ErrorCode.UNAUTHORIZED, token == null ? "Missing token in connect params"
                                : "Invalid token"));
                return;
            }
            access.success(authKey);
        }
        Set<Scope> requested = EnumSet.noneOf(Scope.class);
        try {
            for (JsonNode s : params.path("scopes")) {
                requested.add(Scope.of(s.asText()));
            }
        } catch (IllegalArgumentException e) {
            refuse(id, RpcException.invalidParams(e.getMessage()));
            return;
        }
        caller.authenticate(credential, requested);
        JsonNode client = params.path("client");
        String name = client.path("name").asText(client.isTextual() ? client.asText() : "");
        String version = client.path("version").asText("");
        caller.client((name + (version.isEmpty() ? "" : " " + version)).trim());
        wasAuthenticated = true;
        connected = true;
        Session s = session;
        if (s != null) {
            s.getPolicy().setMaxTextMessageSize(limits.maxMessageBytes());
        }
        ObjectNode result = dispatcher.codec().mapper().createObjectNode();
        result.put("connectionId", caller.connectionId());
        ArrayNode scopes = result.putArray("scopes");
        caller.scopes().stream().sorted().forEach(sc -> scopes.add(sc.id()));
        result.putObject("server").put("name", "dx").put("version", serverVersion);
        ObjectNode l = result.putObject("limits");
        l.put("maxMessageBytes", limits.maxMessageBytes());
        l.put("maxBatchSize", limits.maxBatchSize());
        l.put("requestsPerSecond", limits.requestsPerSecond());
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}");
    }

    private void refuse(String id, RpcException e) {
        send(dispatcher.error(id, e));
        close(StatusCode.POLICY_VIOLATION, e.error() == ErrorCode.RATE_LIMITED ? "rate limited" : "unauthorized");
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int len) {
        close(StatusCode.BAD_DATA, "binary messages are not supported; send JSON-RPC as text");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closing.set(true);
        registry.closed(this, statusCode, reason);
        release();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket {} error: {}", caller.connectionId(), cause.toString());
    }

    /** Queues a text frame; drops the client if its queue is over the cap. */
    void send(String text) {
        Session s = session;
        if (s == null || closing.get()) {
            return;
        }
        int len = text.length();
        long pending = pendingBytes.addAndGet(len);
        if (pending > limits.outboundBufferBytes()) {
            pendingBytes.addAndGet(-len);
            drop("outbound queue over " + limits.outboundBufferBytes() + " bytes");
            return;
        }
        if (pending == len) {
            lastProgressNanos = System.nanoTime();
        }
        try {
            s.getRemote().sendString(text, new WriteCallback() {
                @Override
                public void writeSuccess() {
                    pendingBytes.addAndGet(-len);
                    lastProgressNanos = System.nanoTime();
                }

                @Override
                public void writeFailed(Throwable x) {
                    pendingBytes.addAndGet(-len);
                }
            });
        } catch (RuntimeException e) {
            pendingBytes.addAndGet(-len);
            LOG.debug("Send on {} failed: {}", caller.connectionId(), e.toString());
        }
    }

    /**
     * Pushes an event if this connection subscribed to its topic and holds the scope it needs.
     *
     * @return whether it was sent
     */
    public boolean event(String topic, String topicJson, String payloadJson, Scope required) {
        if (subscriptions.isEmpty() || !caller.authenticated() || !caller.has(required)) {
            return false;
        }
        boolean wanted = false;
        for (TopicPattern p : subscriptions) {
            if (p.matches(topic)) {
                wanted = true;
                break;
            }
        }
        if (!wanted) {
            return false;
        }
        synchronized (seq) {
            send("{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"topic\":" + topicJson + ",\"payload\":"
                    + payloadJson + ",\"seq\":" + seq.incrementAndGet() + "}}");
        }
        return true;
    }

    @Override
    public List<String> subscribe(List<String> patterns) {
        List<TopicPattern> parsed = new ArrayList<>();
        for (String p : patterns) {
            parsed.add(TopicPattern.of(p));
        }
        for (TopicPattern p : parsed) {
            if (!subscriptions.contains(p)) {
                if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
                    throw RpcException.invalidParams("At most " + MAX_SUBSCRIPTIONS + " topic patterns per connection");
                }
                subscriptions.add(p);
            }
        }
        return current();
    }

    @Override
    public List<String> unsubscribe(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            subscriptions.clear();
        } else {
            for (String p : patterns) {
                subscriptions.remove(TopicPattern.of(p));
            }
        }
        return current();
    }

    private List<String> current() {
        return subscriptions.stream().map(TopicPattern::toString).toList();
    }

    /** Called by the sweeper: enforces the auth deadline, revocation and the write timeout, and pings. */
    void sweep(long now) {
        Session s = session;
        if (s == null || closing.get()) {
            return;
        }
        if (!caller.authenticated()) {
            if (wasAuthenticated) {
                close(StatusCode.POLICY_VIOLATION, "token revoked");
            } else if (now - openedNanos > TimeUnit.MILLISECONDS.toNanos(limits.authTimeoutMs())) {
                close(StatusCode.POLICY_VIOLATION, "authentication timeout");
            }
            return;
        }
        if (pendingBytes.get() > 0 && now - lastProgressNanos > TimeUnit.MILLISECONDS.toNanos(limits.writeTimeoutMs())) {
            drop("no write progress for " + limits.writeTimeoutMs() + " ms");
            return;
        }
        if (now - lastReceivedNanos > TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMs())) {
            disconnect("nothing received for " + limits.idleTimeoutMs() + " ms, not even a pong");
            return;
        }
        if (now - lastPingNanos > TimeUnit.MILLISECONDS.toNanos(limits.pingIntervalMs())) {
            lastPingNanos = now;
            try {
                s.getRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException e) {
                LOG.debug("Ping on {} failed: {}", caller.connectionId(), e.toString());
            }
        }
    }

    /** Closes with a close frame (for clients that still read). */
    public void close(int code, String reason) {
        Session s = session;
        if (s != null && closing.compareAndSet(false, true)) {
            s.close(code, reason);
            registry.closed(this, code, reason);
            release();
        }
    }

    /** Drops a client that does not read: no close handshake, the socket is cut. */
    private void drop(String why) {
        if (!closing.get()) {
            metrics.slowConsumerDropped();
            LOG.info("Dropping slow WebSocket client {} ({}): {}", caller.connectionId(), caller.address(), why);
        }
        disconnect(why);
    }

    /** Cuts the socket without a close handshake: for peers that are gone or do not read. */
    private void disconnect(String why) {
        Session s = session;
        if (s != null && closing.compareAndSet(false, true)) {
            LOG.debug("Disconnecting {}: {}", caller.connectionId(), why);
            try {
                s.disconnect();
            } catch (IOException e) {
                LOG.debug("Disconnect of {} failed: {}", caller.connectionId(), e.toString());
            }
            registry.closed(this, StatusCode.ABNORMAL, why);
            release();
        }
    }

    /** Gives back the connection slot exactly once. */
    void release() {
        if (released.compareAndSet(false, true)) {
            registry.release(caller.address());
        }
    }
}
