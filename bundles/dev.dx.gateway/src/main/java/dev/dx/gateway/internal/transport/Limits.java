package dev.dx.gateway.internal.transport;

import dev.dx.gateway.internal.GatewayConfig;

/** The per-connection limits in force when a connection opened. */
record Limits(int preAuthMaxMessageBytes, int maxMessageBytes, int maxBatchSize, int outboundBufferBytes,
        long writeTimeoutMs, long idleTimeoutMs, long pingIntervalMs, long authTimeoutMs, int requestsPerSecond,
        int requestBurst, int maxInFlight) {

    static Limits of(GatewayConfig c) {
        return new Limits(c.preAuthMaxMessageBytes(), c.maxMessageBytes(), c.maxBatchSize(), c.outboundBufferBytes(),
                c.writeTimeoutMs(), c.idleTimeoutMs(), c.pingIntervalMs(), c.authTimeoutMs(), c.requestsPerSecond(),
                c.requestBurst(), c.maxInFlight());
    }
}
