package dev.dx.gateway.internal.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.event.Topics;
import dev.dx.gateway.internal.GatewayConfig;
import dev.dx.gateway.internal.metrics.GatewayMetrics;

/**
 * The open WebSocket connections: admission against the total and per-address caps, and a sweeper that closes
 * connections that did not authenticate in time, whose token was revoked, or whose client stopped reading.
 */
@Component(service = ConnectionRegistry.class, configurationPid = GatewayConfig.PID)
public final class ConnectionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);
    private static final long SWEEP_MS = 200;

    @Reference
    private GatewayMetrics metrics;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final Map<String, WsConnection> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile GatewayConfig config;
    private ScheduledExecutorService sweeper;

    /** Why a new connection was refused. */
    enum Refusal { TOTAL, ADDRESS }

    @Activate
    void activate(GatewayConfig config) {
        this.config = config;
        metrics.connections(open::size);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dx-gateway-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    @Modified
    void modified(GatewayConfig config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        metrics.connections(null);
        for (WsConnection c : open.values()) {
            c.close(1001, "gateway stopping");
        }
    }

    /** @return the limits new connections get */
    Limits limits() {
        return Limits.of(config);
    }

    /**
     * Takes a connection slot for {@code address}.
     *
     * @return {@code null} if admitted (release it with {@link #release}), else why not
     */
    Refusal reserve(String address) {
        GatewayConfig c = config;
        if (total.incrementAndGet() > c.maxConnections()) {
            total.decrementAndGet();
            return Refusal.TOTAL;
        }
        AtomicInteger n = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (n.incrementAndGet() > c.maxConnectionsPerAddress()) {
            n.decrementAndGet();
            total.decrementAndGet();
            return Refusal.ADDRESS;
        }
        return null;
    }

    void release(String address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    void opened(WsConnection c) {
        open.put(c.caller().connectionId(), c);
        post(Topics.GATEWAY_CONNECTED, Map.of("connectionId", c.caller().connectionId(), "transport", "ws"));
    }

    void closed(WsConnection c, int code, String reason) {
        if (open.remove(c.caller().connectionId()) != null) {
            post(Topics.GATEWAY_DISCONNECTED, Map.of("connectionId", c.caller().connectionId(), "code", code,
                    "reason", reason == null ? "" : reason));
        }
    }

    /** @return the open connections */
    public Collection<WsConnection> connections() {
        return new ArrayList<>(open.values());
    }

    private void post(String topic, Map<String, Object> payload) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, Map.of(Topics.PAYLOAD, payload)));
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            List<WsConnection> all = new ArrayList<>(open.values());
            for (WsConnection c : all) {
                c.sweep(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("Connection sweep failed", e);
        }
    }
}
