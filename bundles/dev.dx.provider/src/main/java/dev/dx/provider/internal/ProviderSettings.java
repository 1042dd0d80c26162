package dev.dx.provider.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dx.api.model.ModelInfo;
import dev.dx.api.secrets.SecretStore;
import dev.dx.provider.internal.http.RetryPolicy;

/**
 * Everything a provider needs, resolved once per configuration. A provider that cannot work (locked secret, missing
 * key, bad URL) still gets settings, with {@link #unavailable()} saying why, so it can be listed and fail fast.
 *
 * @param type             the API, or {@code null} if the configured type is unknown
 * @param id               the provider id
 * @param source           {@code file} or {@code env}
 * @param file             the configuration file ({@code etc/dev.dx.provider-<name>.cfg}), or {@code null}
 * @param baseUri          where the API is (without {@code /v1}, unless configured so), or {@code null}
 * @param apiKey           the key, or {@code null}
 * @param keyHint          where the key comes from, for error messages: what the user should check
 * @param models           the models to list
 * @param requestTimeout   the longest a call may take
 * @param firstByteTimeout the longest to wait for the first byte
 * @param retry            the retry policy
 * @param anthropicVersion the {@code anthropic-version} header
 * @param headers          extra headers
 * @param unavailable      why the provider cannot be used, or {@code null}
 */
public record ProviderSettings(ProviderType type, String id, String source, String file, URI baseUri, String apiKey,
        String keyHint, List<ModelInfo> models, Duration requestTimeout, Duration firstByteTimeout, RetryPolicy retry,
        String anthropicVersion, Map<String, String> headers, String unavailable) {
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
    static final long DEFAULT_FIRST_BYTE_TIMEOUT_MS = 90_000;
    static final int DEFAULT_MAX_RETRIES = 2;
    static final long DEFAULT_INITIAL_BACKOFF_MS = 500;
    static final long DEFAULT_MAX_BACKOFF_MS = 8_000;
    static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    /** The configuration property listing unresolved references (set by DX's configuration bundle). */
    static final String UNRESOLVED = "dx.unresolved";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern REF = Pattern.compile("\\$\\{(env|secret):([A-Za-z0-9_.\\-]+)(?::-[^}]*)?}");
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    /** @return whether the provider can be called */
    public boolean available() {
        return unavailable == null;
    }

    /**
     * Settings from a configuration file.
     *
     * @param c           the typed configuration (references already resolved)
     * @param props       the configuration's properties, for its PID and {@value #UNRESOLVED}
     * @param rawApiKey   the apiKey as written in the file (to name the secret or variable in messages), or {@code null}
     * @param secretState the secret store's state, or {@code null} when no store is installed
     * @param env         environment lookup
     */
    static ProviderSettings fromConfig(ProviderConfig c, Map<String, Object> props, String rawApiKey,
            SecretStore.State secretState, Function<String, String> env) {
        String name = configName(props);
        String id = blank(c.id()) ? name : c.id().strip();
        String file = "etc/dev.dx.provider-" + name + ".cfg";
        ProviderType type = ProviderType.of(c.type());
        String configuredKey = blank(c.apiKey()) ? null : c.apiKey().strip();
        String apiKey = configuredKey;
        String keyHint;
        Matcher ref = REF.matcher(rawApiKey == null ? "" : rawApiKey);
        if (configuredKey == null && type != null && type.envVar() != null) {
            apiKey = blankToNull(env.apply(type.envVar()));
            keyHint = "the environment variable " + type.envVar() + " (or set apiKey in " + file + ")";
        } else if (ref.find()) {
            keyHint = ref.group(1).equals("secret") ? "the secret '" + ref.group(2) + "' (secrets:set " + ref.group(2) + ")"
                    : "the environment variable " + ref.group(2);
        } else {
            keyHint = "apiKey in " + file;
        }
        String problem = null;
        if (type == null) {
            problem = "type '" + c.type() + "' is not one of anthropic, openai, openai-responses, openai-compatible";
        } else if (id == null || !ID.matcher(id).matches()) {
            problem = "id '" + id + "' must match " + ID.pattern();
        } else {
            problem = unresolved(props, id, secretState);
        }
        URI base = null;
        if (problem == null) {
            String url = blank(c.baseUrl()) ? type.defaultBaseUrl() : c.baseUrl().strip();
            if (url == null) {
                problem = "baseUrl is required for type " + type.id() + ", e.g. baseUrl = http://127.0.0.1:11434 "
                        + "for Ollama, in " + file;
            } else {
                base = parseBase(url);
                problem = base == null ? "baseUrl '" + url + "' is not an http:// or https:// URL (" + file + ")" : null;
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (problem == null) {
            problem = parseHeaders(c.headers(), headers, file);
        }
        if (problem == null && apiKey == null && type.envVar() != null) {
            problem = "no API key: set " + type.envVar() + " in DX's environment, or apiKey = ${secret:" + id
                    + "} in " + file + " after secrets:set " + id;
        }
        return new ProviderSettings(type, id, "file", file, base, apiKey, keyHint,
                KnownModels.forType(type, c.models()), Duration.ofMillis(c.requestTimeoutMs()),
                Duration.ofMillis(c.firstByteTimeoutMs()),
                new RetryPolicy(c.maxRetries(), c.initialBackoffMs(), c.maxBackoffMs()),
                blank(c.anthropicVersion()) ? DEFAULT_ANTHROPIC_VERSION : c.anthropicVersion().strip(),
                Map.copyOf(headers), problem);
    }

    /** Settings of a provider that exists only because its API key is in the environment. */
    static ProviderSettings fromEnvironment(ProviderType type, String apiKey) {
        return new ProviderSettings(type, type.id(), "env", null, parseBase(type.defaultBaseUrl()), apiKey,
                "the environment variable " + type.envVar(), KnownModels.forType(type, null),
                Duration.ofMillis(DEFAULT_REQUEST_TIMEOUT_MS), Duration.ofMillis(DEFAULT_FIRST_BYTE_TIMEOUT_MS),
                new RetryPolicy(DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS),
                DEFAULT_ANTHROPIC_VERSION, Map.of(), null);
    }

    /** @return the factory configuration's name: {@code fake} for the PID {@code dev.dx.provider~fake} */
    static String configName(Map<String, Object> props) {
        Object pid = props.get("service.pid");
        String p = pid == null ? "" : pid.toString();
        int tilde = p.indexOf('~');
        return tilde >= 0 ? p.substring(tilde + 1) : p.substring(p.lastIndexOf('.') + 1);
    }

    private static String unresolved(Map<String, Object> props, String id, SecretStore.State store) {
        Object u = props.get(UNRESOLVED);
        List<String> refs = u instanceof String[] a ? List.of(a) : u instanceof String s ? List.of(s) : List.of();
        for (String r : refs) {
            if (r.startsWith("secret:")) {
                String secret = r.substring("secret:".length());
                if (store == SecretStore.State.UNLOCKED) {
                    return "there is no secret '" + secret + "' for provider '" + id + "': run secrets:set " + secret;
                }
                return "the secret store is " + (store == null ? "not running (feature dx-secrets) or " : "")
                        + "locked: run secrets:unlock, and provider '" + id + "' picks up the secret '" + secret + "'";
            }
        }
        return refs.isEmpty() ? null : "cannot resolve " + String.join(", ", refs) + " for provider '" + id + "'";
    }

    private static String parseHeaders(String[] entries, Map<String, String> out, String file) {
        for (String h : entries == null ? new String[0] : entries) {
            int colon = h.indexOf(':');
            String name = colon > 0 ? h.substring(0, colon).strip() : "";
            if (name.isEmpty() || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                return "headers entry '" + h + "' is not 'Name: value' (" + file + ")";
            }
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                return "header " + name + " cannot be set (" + file + ")";
            }
            out.put(name, h.substring(colon + 1).strip());
        }
        return null;
    }

    /** @return the URL without a trailing slash, or {@code null} if it is not an absolute http(s) URL */
    static URI parseBase(String url) {
        try {
            URI u = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getUserInfo() == null
                    && u.getQuery() == null ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.strip();
    }

    @Override
    public String toString() {
        // never the key
        return "ProviderSettings[" + id + ", " + (type == null ? "?" : type.id()) + ", " + baseUri + ", "
                + (unavailable == null ? "available" : "unavailable: " + unavailable) + "]";
    }
}
