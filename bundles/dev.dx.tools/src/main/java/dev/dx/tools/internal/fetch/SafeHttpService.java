package dev.dx.tools.internal.fetch;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLSocketFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

import dev.dx.api.net.SafeHttp;
import dev.dx.api.net.SafeHttpRequest;
import dev.dx.api.net.SafeHttpResponse;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/**
 * {@link SafeHttp} for other untrusted callers (plugins): the very guard, pinning and caps of {@code web_fetch}, with
 * the caller's method, headers, body and host allowlist, and the stricter of its limits and the configured ones.
 */
@Component(service = SafeHttp.class, immediate = true, configurationPid = FetchConfig.PID)
public final class SafeHttpService implements SafeHttp {
    private volatile WebFetchTool.Settings settings;
    private ScheduledExecutorService watchdog;

    @Activate
    void activate(FetchConfig config) {
        settings = WebFetchTool.settings(config);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dx-tools-safehttp-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @Modified
    void modified(FetchConfig config) {
        try {
            settings = WebFetchTool.settings(config);
        } catch (IllegalArgumentException e) {
            // WebFetchTool logs the refusal; the previous settings stay in force here too
        }
    }

    @Deactivate
    void deactivate() {
        watchdog.shutdownNow();
    }

    @Override
    public SafeHttpResponse fetch(SafeHttpRequest request) {
        WebFetchTool.Settings s = settings;
        HttpFetcher.Limits l = s.limits();
        int maxBytes = (int) Math.max(0, Math.min(request.maxBytes(), l.maxDecodedBytes()));
        int total = (int) Math.max(1, Math.min(request.timeout().toMillis(), l.totalTimeoutMs()));
        HttpFetcher.Limits limits = new HttpFetcher.Limits(Math.min(l.maxResponseBytes(), Math.max(maxBytes, 1)),
                maxBytes, l.maxHeaderBytes(), l.maxRedirects(), l.connectTimeoutMs(), l.idleTimeoutMs(), total);
        HttpFetcher fetcher = new HttpFetcher(limits, s.guard(), InetAddress::getAllByName, HttpFetcher.PLAIN,
                (SSLSocketFactory) SSLSocketFactory.getDefault(), watchdog);
        try {
            HttpFetcher.Response r = fetcher.fetch(request.uri().toString(), new HttpFetcher.Outgoing(
                    request.method(), request.headers(), request.body(), request.allowedHosts()));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            r.head().headers().forEach((k, v) -> headers.put(k, List.of(v)));
            return new SafeHttpResponse(r.head().status(), headers, r.body(), r.url(), r.cut());
        } catch (FetchException e) {
            switch (e.kind()) {
                case BLOCKED:
                    throw new RpcException(ErrorCode.FORBIDDEN, e.getMessage());
                case TIMEOUT:
                    throw new RpcException(ErrorCode.TIMEOUT, e.getMessage());
                default:
                    throw new RpcException(ErrorCode.UNAVAILABLE, e.getMessage());
            }
        }
    }
}
