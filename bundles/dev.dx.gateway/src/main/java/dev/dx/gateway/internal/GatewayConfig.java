package dev.dx.gateway.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the gateway, PID {@code dev.dx.gateway} ({@code etc/dev.dx.gateway.cfg}). */
@ObjectClassDefinition(name = "DX Gateway",
        description = "JSON-RPC 2.0 over WebSocket (/ws) and HTTP (/rpc): address, origins and limits")
public @interface GatewayConfig {
    /** The configuration PID. */
    String PID = "dev.dx.gateway";

    @AttributeDefinition(name = "Port", description = "TCP port of the gateway", min = "1", max = "65535")
    int port() default 31337;

    @AttributeDefinition(name = "Bind address",
            description = "Address to listen on. 127.0.0.1 keeps the gateway on this machine; anything else exposes it")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(name = "Allowed origins",
            description = "Browser origins (scheme://host:port) allowed to open /ws or call /rpc, besides the gateway's "
                    + "own loopback origins. 'null' must be listed explicitly to allow Origin: null")
    String[] allowedOrigins() default {};

    @AttributeDefinition(name = "Trusted proxies",
            description = "Peer addresses whose X-Forwarded-For header is believed. Empty: the header is ignored")
    String[] trustedProxies() default {};

    @AttributeDefinition(name = "Max connections", description = "WebSocket connections in total", min = "1")
    int maxConnections() default 512;

    @AttributeDefinition(name = "Max connections per address", description = "WebSocket connections per client address",
            min = "1")
    int maxConnectionsPerAddress() default 64;

    @AttributeDefinition(name = "Max frame before auth",
            description = "Largest WebSocket message (bytes) accepted before the connection is authenticated; a change "
                    + "applies to connections opened after it", min = "256")
    int preAuthMaxMessageBytes() default 8192;

    @AttributeDefinition(name = "Max message", description = "Largest request (bytes) on /ws and /rpc", min = "1024")
    int maxMessageBytes() default 4_194_304;

    @AttributeDefinition(name = "Max JSON depth", description = "Deepest nesting of JSON arrays and objects", min = "4",
            max = "1000")
    int maxJsonDepth() default 64;

    @AttributeDefinition(name = "Max JSON tokens",
            description = "Most JSON tokens (names, values, brackets) in one message. A message of many small values "
                    + "costs far more memory than its size suggests; this refuses it while it is being parsed",
            min = "100")
    int maxJsonTokens() default 100_000;

    @AttributeDefinition(name = "Max batch", description = "Most requests in one JSON-RPC batch", min = "1")
    int maxBatchSize() default 64;

    @AttributeDefinition(name = "Outbound buffer",
            description = "Bytes queued to one WebSocket client before it is dropped as too slow", min = "1024")
    int outboundBufferBytes() default 8_388_608;

    @AttributeDefinition(name = "Write timeout",
            description = "Milliseconds a queued write may wait before the client is dropped as too slow", min = "100")
    long writeTimeoutMs() default 15_000;

    @AttributeDefinition(name = "Idle timeout",
            description = "Milliseconds without any frame from the client before its connection is closed; a change "
                    + "applies to connections opened after it", min = "1000")
    long idleTimeoutMs() default 120_000;

    @AttributeDefinition(name = "Ping interval",
            description = "Milliseconds between server pings, which make half-open connections time out", min = "500")
    long pingIntervalMs() default 30_000;

    @AttributeDefinition(name = "Auth timeout",
            description = "Milliseconds a new WebSocket has to authenticate (header or connect)", min = "100")
    long authTimeoutMs() default 10_000;

    @AttributeDefinition(name = "Request rate", description = "Requests per second one WebSocket connection, and "
            + "one client address on POST /rpc, may sustain", min = "1")
    int requestsPerSecond() default 2000;

    @AttributeDefinition(name = "Request burst", description = "Requests one WebSocket connection, and one client "
            + "address on POST /rpc, may send at once", min = "1")
    int requestBurst() default 4000;

    @AttributeDefinition(name = "Max in flight", description = "Unanswered requests one WebSocket connection, and one "
            + "client address on POST /rpc, may have at a time", min = "1")
    int maxInFlight() default 256;

    @AttributeDefinition(name = "Auth failures before lockout",
            description = "Failed authentications from one client (address and browser origin) within a minute "
                    + "before it is locked out", min = "1")
    int authFailuresBeforeLockout() default 5;

    @AttributeDefinition(name = "Lockout", description = "Milliseconds of the first lockout; it doubles on repeat, "
            + "up to 15 minutes", min = "100")
    long authLockoutMs() default 30_000;

    @AttributeDefinition(name = "Method timeout",
            description = "Milliseconds after which an unanswered method call fails with TIMEOUT", min = "100")
    long methodTimeoutMs() default 300_000;

    @AttributeDefinition(name = "Worker threads", description = "Threads that run method calls", min = "1", max = "512")
    int workerThreads() default 16;
}
