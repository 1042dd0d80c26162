package dev.dx.gateway.internal.transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.gateway.internal.GatewayConfig;
import dev.dx.gateway.internal.auth.AuthGuard;
import dev.dx.gateway.internal.auth.Credential;
import dev.dx.gateway.internal.auth.TokenStore;
import dev.dx.gateway.internal.metrics.GatewayMetrics;

/**
 * Who may come in, decided from the HTTP request alone: the client's real address (a forwarded-for header counts
 * only from a configured proxy), its browser Origin, lockout after failed logins, and the bearer token.
 */
@Component(service = AccessPolicy.class, configurationPid = GatewayConfig.PID)
public final class AccessPolicy {
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) ([A-Za-z0-9._~+/=-]+)");
    private static final Pattern TOKEN_IN_QUERY = Pattern.compile("(^|&)(token|access_token|auth|authorization)=",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    @Reference
    private TokenStore tokens;
    @Reference
    private AuthGuard guard;
    @Reference
    private GatewayMetrics metrics;

    private volatile Set<String> allowedOrigins = Set.of();
    private volatile Set<String> trustedProxies = Set.of();
    private volatile int port;

    @Activate
    @Modified
    void configure(GatewayConfig config) {
        allowedOrigins = Set.of(config.allowedOrigins());
        trustedProxies = Set.of(config.trustedProxies());
        port = config.port();
    }

    /**
     * Admits or refuses a request.
     *
     * @param tokenRequired whether a missing Authorization header is a refusal (on /ws the token may come later)
     */
    public Admission admit(HttpServletRequest req, boolean tokenRequired) {
        String address = clientAddress(req);
        List<String> origins = Collections.list(headers(req, "Origin"));
        String origin = origins.isEmpty() ? null : origins.get(0);
        if (origins.size() > 1 || (origin != null && !originAllowed(origin))) {
            return Admission.refuse(HttpServletResponse.SC_FORBIDDEN, ErrorCode.FORBIDDEN, "Origin "
                    + (origins.size() > 1 ? "given twice" : "'" + origin + "' is not allowed")
                    + "; the gateway owner can add it to allowedOrigins in etc/dev.dx.gateway.cfg", -1, address, origin);
        }
        String query = req.getQueryString();
        if (query != null && TOKEN_IN_QUERY.matcher(query).find()) {
            return Admission.refuse(HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                    "Tokens in URLs end up in logs and browser history and are refused; send 'Authorization: Bearer "
                            + "<token>' (or, on /ws, the connect request)", -1, address, origin);
        }
        String key = AuthGuard.key(address, origin);
        long wait = guard.retryAfterMs(key);
        if (wait > 0) {
            return Admission.refuse(429, ErrorCode.RATE_LIMITED, "Too many failed logins from this client; retry in "
                    + ((wait + 999) / 1000) + " s", wait, address, origin);
        }
        List<String> authz = Collections.list(headers(req, "Authorization"));
        if (authz.isEmpty()) {
            if (tokenRequired) {
                return Admission.refuse(HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                        "Missing token: send 'Authorization: Bearer <token>'. The owner token is in the DX data "
                                + "folder (gateway:token in the console tells where)", -1, address, origin);
            }
            return new Admission(0, null, null, -1, address, origin, null);
        }
        Matcher m = BEARER.matcher(authz.get(0));
        Credential c = authz.size() == 1 && m.matches() ? tokens.authenticate(m.group(1)) : null;
        if (c == null) {
            long lock = failure(key);
            String msg = authz.size() == 1 && m.matches() ? "Invalid token"
                    : "Malformed Authorization header; use 'Authorization: Bearer <token>'";
            return lock > 0
                    ? Admission.refuse(429, ErrorCode.RATE_LIMITED, msg + "; too many failures, retry in "
                            + ((lock + 999) / 1000) + " s", lock, address, origin)
                    : Admission.refuse(HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHORIZED, msg, -1, address, origin);
        }
        guard.success(key);
        return new Admission(0, null, null, -1, address, origin, c);
    }

    /** Counts a failed authentication for {@code key}; returns the lockout it started, if any. */
    public long failure(String key) {
        metrics.authFailure();
        long lock = guard.failure(key);
        if (lock > 0) {
            metrics.lockout();
        }
        return lock;
    }

    /** @return milliseconds until {@code key} may authenticate again, or 0 */
    public long retryAfterMs(String key) {
        return guard.retryAfterMs(key);
    }

    public void success(String key) {
        guard.success(key);
    }

    /** @return the token store (for connect requests on /ws) */
    public TokenStore tokens() {
        return tokens;
    }

    /** The client's address: the TCP peer, unless the peer is a trusted proxy that says who it forwards for. */
    public String clientAddress(HttpServletRequest req) {
        String peer = req.getRemoteAddr();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String h : Collections.list(headers(req, "X-Forwarded-For"))) {
            for (String part : h.split(",")) {
                if (!part.isBlank()) {
                    hops.add(part.trim());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return peer;
    }

    /** Whether a browser Origin may talk to the gateway: listed, or the gateway's own loopback origin. */
    public boolean originAllowed(String origin) {
        if (allowedOrigins.contains(origin)) {
            return true;
        }
        if ("null".equals(origin)) {
            return false;
        }
        try {
            URI u = new URI(origin);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null
                    || u.getRawPath() != null && !u.getRawPath().isEmpty() || u.getRawUserInfo() != null) {
                return false;
            }
            int p = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            return LOOPBACK_HOSTS.contains(u.getHost().toLowerCase(Locale.ROOT)) && p == port;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Enumeration<String> headers(HttpServletRequest req, String name) {
        Enumeration<String> e = req.getHeaders(name);
        return e == null ? Collections.emptyEnumeration() : e;
    }
}
