package dev.dx.tools.internal.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 GET client that connects only to addresses it vetted itself: each host is resolved once, every
 * address it resolves to must pass the {@link AddressGuard}, and the socket is opened to that very address, so a
 * second DNS answer (rebinding) never comes into play. TLS is layered on the pinned socket with the host name for SNI
 * and certificate checks. Redirects are followed by hand, each hop vetted like the first.
 */
final class HttpFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);
    /** The watchdog closes the socket this long after the deadline, if the reads did not notice it first. */
    private static final long WATCHDOG_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Resolves a host name; called once per hop. */
    interface Resolver {
        InetAddress[] resolve(String host) throws IOException;
    }

    /** Opens a TCP connection to a vetted address. */
    interface Connector {
        Socket connect(InetSocketAddress address, int timeoutMs) throws IOException;
    }

    /** The caps of one fetch. */
    record Limits(int maxResponseBytes, int maxDecodedBytes, int maxHeaderBytes, int maxRedirects,
            int connectTimeoutMs, int idleTimeoutMs, int totalTimeoutMs) {
    }

    /**
     * What came back.
     *
     * @param url       the URL that answered (after redirects)
     * @param address   the address it was fetched from
     * @param head      status and headers
     * @param body      the decoded body, possibly cut
     * @param cut       whether a cap cut the body
     * @param redirects the URLs redirected through, in order
     */
    record Response(URI url, InetAddress address, HttpHead head, byte[] body, boolean cut, List<URI> redirects) {
    }

    static final Connector PLAIN = (address, timeoutMs) -> {
        Socket s = new Socket();
        try {
            s.connect(address, timeoutMs);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    };

    private final Limits limits;
    private final AddressGuard guard;
    private final Resolver resolver;
    private final Connector connector;
    private final SSLSocketFactory tls;
    private final ScheduledExecutorService watchdog;

    HttpFetcher(Limits limits, AddressGuard guard, Resolver resolver, Connector connector, SSLSocketFactory tls,
            ScheduledExecutorService watchdog) {
        this.limits = limits;
        this.guard = guard;
        this.resolver = resolver;
        this.connector = connector;
        this.tls = tls;
        this.watchdog = watchdog;
    }

    /**
     * What to send besides the URL.
     *
     * @param method       the HTTP method; redirects are followed for GET and HEAD only
     * @param headers      extra request headers (checked by {@link FetchTarget#requestHead})
     * @param body         the body, or {@code null}
     * @param allowedHosts host names the caller may reach (exact or {@code *.suffix}); empty: any public host
     */
    record Outgoing(String method, Map<String, String> headers, byte[] body, List<String> allowedHosts) {
        static final Outgoing GET = new Outgoing("GET", Map.of(), null, List.of());

        boolean followsRedirects() {
            return method.equals("GET") || method.equals("HEAD");
        }

        void checkHost(FetchTarget t) throws FetchException {
            String host = t.host();
            for (String allowed : allowedHosts) {
                if (allowed.equalsIgnoreCase(host) || allowed.startsWith("*.")
                        && host.toLowerCase(java.util.Locale.ROOT).endsWith(allowed.substring(1).toLowerCase(java.util.Locale.ROOT))) {
                    return;
                }
            }
            if (!allowedHosts.isEmpty()) {
                throw new FetchException(FetchException.Kind.BLOCKED, "The host '" + host + "' is not in the allowed "
                        + "hosts (" + String.join(", ", allowedHosts) + ").");
            }
        }
    }

    Response fetch(String url) throws FetchException {
        return fetch(url, Outgoing.GET);
    }

    Response fetch(String url, Outgoing out) throws FetchException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.totalTimeoutMs());
        FetchTarget target = FetchTarget.parse(url);
        // refuse bad methods and headers before anything is resolved or connected
        target.requestHead(out.method(), out.headers(), out.body() == null ? -1 : out.body().length);
        List<URI> redirects = new ArrayList<>();
        while (true) {
            InetAddress[] addresses;
            try {
                out.checkHost(target);
                addresses = vet(target);
            } catch (FetchException e) {
                throw redirects.isEmpty() ? e : new FetchException("Redirect to " + target.uri() + " refused: "
                        + e.getMessage());
            }
            Response r = exchange(target, addresses, deadline, redirects, out);
            if (!r.head().isRedirect() || !out.followsRedirects()) {
                return r;
            }
            if (redirects.size() >= limits.maxRedirects()) {
                throw new FetchException("Too many redirects (more than " + limits.maxRedirects() + "), last to "
                        + r.head().header("location") + ".");
            }
            FetchTarget next;
            try {
                next = FetchTarget.parse(target.uri().resolve(new URI(r.head().header("location"))).toString());
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                throw new FetchException("The site redirected to an invalid URL.");
            } catch (FetchException e) {
                throw new FetchException("Redirect from " + target.uri() + " refused: " + e.getMessage());
            }
            redirects.add(next.uri());
            target = next;
        }
    }

    /** Resolves the host once and refuses if any of its addresses is blocked. */
    private InetAddress[] vet(FetchTarget target) throws FetchException {
        InetAddress[] addresses;
        if (target.literal() != null) {
            addresses = new InetAddress[] {target.literal()};
        } else {
            try {
                addresses = resolver.resolve(target.host());
            } catch (UnknownHostException e) {
                throw new FetchException("The host '" + target.host() + "' was not found (DNS).");
            } catch (IOException e) {
                throw new FetchException("The host '" + target.host() + "' could not be resolved: " + e.getMessage());
            }
            if (addresses == null || addresses.length == 0) {
                throw new FetchException("The host '" + target.host() + "' has no addresses.");
            }
        }
        for (InetAddress a : addresses) {
            String why = guard.blocked(a);
            if (why != null) {
                throw new FetchException(FetchException.Kind.BLOCKED, "Blocked: " + target.uri() + " leads to " + a.getHostAddress() + ", a " + why
                        + " address. web_fetch only reaches public internet addresses; the owner can allow a "
                        + "private network with allowedNetworks in etc/dev.dx.tools.fetch.cfg.");
            }
        }
        return addresses;
    }

    private Response exchange(FetchTarget target, InetAddress[] addresses, long deadline, List<URI> redirects,
            Outgoing request) throws FetchException {
        Socket socket = null;
        IOException failure = null;
        for (InetAddress a : addresses) {
            int left = (int) TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            try {
                socket = connector.connect(new InetSocketAddress(a, target.port()),
                        Math.min(limits.connectTimeoutMs(), left));
                break;
            } catch (IOException e) {
                failure = e;
            }
        }
        if (socket == null) {
            throw new FetchException("Cannot connect to " + target.hostHeader() + ": "
                    + (failure == null ? "timed out" : Objects.toString(failure.getMessage(), "connection failed"))
                    + ".");
        }
        Socket raw = socket;
        AtomicBoolean expired = new AtomicBoolean();
        // the deadline also covers what per-read timeouts cannot, such as a TLS handshake fed a byte at a time
        ScheduledFuture<?> dog;
        try {
            dog = watchdog.schedule(() -> {
                expired.set(true);
                closeQuietly(raw);
            }, Math.max(0, deadline - System.nanoTime()) + WATCHDOG_GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietly(raw);
            throw new FetchException("web_fetch is stopping (the tools are being updated); try again.");
        }
        try (Socket s = target.https() ? PinnedTls.layer(tls, raw, target, limits.idleTimeoutMs()) : raw) {
            InputStream in = new BufferedInputStream(
                    new BodyStreams.Deadline(s.getInputStream(), s, deadline, limits.idleTimeoutMs()), 16384);
            OutputStream out = s.getOutputStream();
            byte[] payload = request.body() == null ? new byte[0] : request.body();
            out.write(target.requestHead(request.method(), request.headers(), request.body() == null ? -1
                    : payload.length).getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            HttpHead head = HttpHead.read(in, limits.maxHeaderBytes());
            if (head.isRedirect() && request.followsRedirects()) {
                return new Response(target.uri(), raw.getInetAddress(), head, new byte[0], false, redirects);
            }
            Bodies.Body body = Bodies.read(in, head, limits);
            return new Response(target.uri(), raw.getInetAddress(), head, body.bytes(), body.cut(),
                    List.copyOf(redirects));
        } catch (BodyStreams.TotalTimeout e) {
            throw tooSlow();
        } catch (SocketTimeoutException e) {
            throw new FetchException(FetchException.Kind.TIMEOUT, "The site sent nothing for " + limits.idleTimeoutMs() + " ms; gave up.");
        } catch (SSLException e) {
            throw new FetchException("TLS with " + target.host() + " failed: " + e.getMessage());
        } catch (IOException e) {
            if (expired.get() || System.nanoTime() - deadline >= 0) {
                throw tooSlow();
            }
            throw new FetchException("Fetching " + target.uri() + " failed: " + e.getMessage());
        } finally {
            dog.cancel(false);
            closeQuietly(raw);
        }
    }

    private FetchException tooSlow() {
        return new FetchException(FetchException.Kind.TIMEOUT, "The site took longer than " + limits.totalTimeoutMs() + " ms to answer in full; "
                + "gave up.");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("Closing a web_fetch socket failed: {}", e.toString());
        }
    }
}
