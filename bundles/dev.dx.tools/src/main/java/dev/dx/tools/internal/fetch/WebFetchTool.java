package dev.dx.tools.internal.fetch;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLSocketFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;
import dev.dx.tools.internal.ArgumentException;
import dev.dx.tools.internal.Args;
import dev.dx.tools.internal.Schemas;

/**
 * {@code web_fetch}: GETs a public http(s) page and returns its readable text. Loopback, private, link-local,
 * metadata and other non-public addresses are refused — also behind redirects and DNS answers — unless the owner
 * allowed a network in {@link FetchConfig#allowedNetworks()}.
 */
// immediate: it owns a watchdog thread, and a caller holding the service must keep a live instance
@Component(service = Tool.class, immediate = true, configurationPid = FetchConfig.PID)
@Designate(ocd = FetchConfig.class)
@ToolName("web_fetch")
public final class WebFetchTool implements Tool {
    private static final Logger LOG = LoggerFactory.getLogger(WebFetchTool.class);
    private static final ToolSpec SPEC = new ToolSpec("web_fetch", "Fetch a public web page (http or https) and "
            + "return its readable text (HTML is converted; links are kept as [text](url)).",
            Schemas.object(Schemas.props(
                    "url", Schemas.string("The http:// or https:// URL"),
                    "maxChars", Schemas.integer("Most characters of text to return", 100, 1_000_000)),
                    List.of("url")));

    /** Everything a fetch needs from the configuration, swapped whole on a change. */
    record Settings(HttpFetcher.Limits limits, AddressGuard guard, int maxChars) {
    }

    private final HttpFetcher.Resolver resolver;
    private final HttpFetcher.Connector connector;
    private final SSLSocketFactory tls;
    private volatile Settings settings;
    private ScheduledExecutorService watchdog;

    public WebFetchTool() {
        this(InetAddress::getAllByName, HttpFetcher.PLAIN, null);
    }

    /** For tests: a resolver, connector and TLS factory of their own. */
    WebFetchTool(HttpFetcher.Resolver resolver, HttpFetcher.Connector connector, SSLSocketFactory tls) {
        this.resolver = resolver;
        this.connector = connector;
        this.tls = tls;
    }

    @Activate
    void activate(FetchConfig config) {
        settings = settings(config);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dx-tools-fetch-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** A bad edit keeps the settings in force (the config bundle cannot check CIDR syntax before it applies). */
    @Modified
    void modified(FetchConfig config) {
        try {
            settings = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Refused the new {} configuration, keeping the previous one: {}", FetchConfig.PID,
                    e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        watchdog.shutdownNow();
    }

    static Settings settings(FetchConfig c) {
        List<Cidr> allowed = new ArrayList<>();
        for (String s : c.allowedNetworks()) {
            if (s.isBlank()) {
                continue;
            }
            try {
                allowed.add(Cidr.parse(s));
            } catch (FetchException e) {
                throw new IllegalArgumentException("allowedNetworks: '" + s + "' is not a CIDR range like "
                        + "192.168.1.20/32 or fd00::/8 (" + e.getMessage() + ")");
            }
        }
        return new Settings(new HttpFetcher.Limits(c.maxResponseBytes(), c.maxDecodedBytes(), c.maxHeaderBytes(),
                c.maxRedirects(), c.connectTimeoutMs(), c.idleTimeoutMs(), c.totalTimeoutMs()),
                new AddressGuard(allowed), c.maxChars());
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation call) {
        Settings s = settings;
        try {
            Args args = Args.of(call.arguments(), Set.of("url", "maxChars"));
            String url = args.string("url");
            int maxChars = (int) args.integer("maxChars", s.maxChars(), 100, s.maxChars());
            HttpFetcher fetcher = new HttpFetcher(s.limits(), s.guard(), resolver, connector,
                    tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault(), watchdog);
            return result(fetcher.fetch(url), maxChars);
        } catch (ArgumentException e) {
            return ToolResult.error(e.getMessage());
        } catch (FetchException e) {
            return ToolResult.error(e.getMessage());
        }
    }

    private static ToolResult result(HttpFetcher.Response r, int maxChars) {
        PageText.Page page = PageText.of(r.head().header("content-type"), r.body(), r.url(), maxChars);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", r.url().toString());
        details.put("status", r.head().status());
        details.put("contentType", page.mime());
        details.put("bytes", r.body().length);
        details.put("cut", r.cut() || page.cut());
        details.put("redirects", r.redirects().stream().map(Object::toString).toList());
        if (page.text() == null) {
            return new ToolResult("The page " + r.url() + " is " + page.mime() + " (" + r.body().length + " bytes), "
                    + "not text; web_fetch returns text only.", true, details);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("URL: ").append(r.url()).append('\n');
        sb.append("Status: ").append(r.head().status()).append(' ').append(r.head().reason()).append('\n');
        if (page.title() != null) {
            sb.append("Title: ").append(page.title()).append('\n');
        }
        sb.append('\n').append(page.text()).append('\n');
        if (r.cut()) {
            sb.append("[the response was larger than the size limit; only its beginning was read]\n");
        }
        if (page.cut()) {
            sb.append("[text cut at ").append(maxChars).append(" characters]\n");
        }
        return new ToolResult(sb.toString(), r.head().status() >= 400, details);
    }
}
