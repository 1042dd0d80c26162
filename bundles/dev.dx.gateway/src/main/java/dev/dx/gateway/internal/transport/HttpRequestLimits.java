package dev.dx.gateway.internal.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.GatewayConfig;

/**
 * The request rate and the requests in flight of {@code POST /rpc}, per client address: HTTP has no connection to
 * hang them on, so the address is the client. Same keys as the per-connection limits of {@code /ws}
 * ({@code requestsPerSecond}, {@code requestBurst}, {@code maxInFlight}).
 */
@Component(service = HttpRequestLimits.class, configurationPid = GatewayConfig.PID)
public final class HttpRequestLimits {
    /** Addresses tracked before idle ones are forgotten; a proxy that forwards for many clients cannot grow the map. */
    static final int MAX_TRACKED = 4096;

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private volatile GatewayConfig config;

    /** One address: its bucket and how many of its requests are being answered. */
    private static final class Client {
        volatile RateLimiter rate;
        final AtomicInteger inFlight = new AtomicInteger();

        Client(RateLimiter rate) {
            this.rate = rate;
        }
    }

    /** A request admitted; closing it gives its in-flight slot back. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    @Activate
    @Modified
    void configure(GatewayConfig config) {
        this.config = config;
    }

    /**
     * Admits a request from {@code address}.
     *
     * @return the slot to close once the request is answered
     * @throws RpcException {@link ErrorCode#RATE_LIMITED} with {@code retryAfterMs} when the address is over its rate
     *                      or has too many requests unanswered
     */
    public Slot acquire(String address) {
        GatewayConfig c = config;
        if (clients.size() >= MAX_TRACKED) {
            clients.values().removeIf(x -> x.inFlight.get() == 0 && x.rate.rested());
        }
        Client client = clients.computeIfAbsent(address,
                a -> new Client(new RateLimiter(c.requestsPerSecond(), c.requestBurst())));
        RateLimiter rate = client.rate;
        if (!rate.sameLimits(c.requestsPerSecond(), c.requestBurst())) {
            rate = new RateLimiter(c.requestsPerSecond(), c.requestBurst());
            client.rate = rate;
        }
        long wait = rate.acquire();
        if (wait > 0) {
            throw new RpcException(ErrorCode.RATE_LIMITED, "More than " + c.requestsPerSecond()
                    + " requests a second from your address; slow down", wait, null);
        }
        if (client.inFlight.incrementAndGet() > c.maxInFlight()) {
            client.inFlight.decrementAndGet();
            throw new RpcException(ErrorCode.RATE_LIMITED, "More than " + c.maxInFlight()
                    + " unanswered requests from your address; wait for answers first", 100, null);
        }
        return client.inFlight::decrementAndGet;
    }

    /** @return how many addresses are tracked (for tests) */
    int tracked() {
        return clients.size();
    }
}
