package dev.dx.api.net;

import org.osgi.annotation.versioning.ProviderType;

import dev.dx.api.rpc.RpcException;

/**
 * HTTP for callers DX does not fully trust. Refuses non-http(s) schemes and any host that resolves to a loopback,
 * link-local, private, carrier-grade NAT, multicast or cloud-metadata address (numeric-IP tricks included),
 * connects to the address it checked (no second DNS lookup), re-checks every redirect, and caps size, time and
 * decompression.
 *
 * @since 0.1
 */
@ProviderType
public interface SafeHttp {
    /**
     * @throws RpcException {@code FORBIDDEN} for a blocked scheme, host or address (the message says which),
     *                      {@code TIMEOUT}, {@code TOO_LARGE} (headers), {@code UNAVAILABLE} (connection failed)
     */
    SafeHttpResponse fetch(SafeHttpRequest request);
}
