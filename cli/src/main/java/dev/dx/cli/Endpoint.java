package dev.dx.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's base URL ({@code http://127.0.0.1:31337}): from {@code --url}, or from the {@code port} and
 * {@code bindAddress} of {@code etc/dev.dx.gateway.cfg}, with the gateway's own defaults where the file or a key is
 * missing.
 *
 * @param base the URL without a trailing slash
 */
record Endpoint(URI base) {
    static final int DEFAULT_PORT = 31337;
    static final String DEFAULT_ADDRESS = "127.0.0.1";

    // Felix ConfigAdmin may write typed values back into a .cfg file: port = I"31337"
    private static final Pattern TYPED = Pattern.compile("^[A-Za-z]?\"(.*)\"$");

    /** @return where JSON-RPC requests go */
    URI rpc() {
        return URI.create(base + "/rpc");
    }

    @Override
    public String toString() {
        return base.toString();
    }

    /**
     * Parses {@code --url}.
     *
     * @throws CliException (exit 2) for anything but an http(s) URL with a host
     */
    static Endpoint fromUrl(String url) throws CliException {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw CliException.usage("--url '" + url + "' is not a URL: " + e.getReason()
                    + "; expected e.g. http://127.0.0.1:31337");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw CliException.usage("--url '" + url + "' must look like http://host:port (https also works)");
        }
        String s = uri.toString();
        // accept the /rpc endpoint itself as well as the base URL
        s = s.replaceAll("/+$", "");
        if (s.endsWith("/rpc")) {
            s = s.substring(0, s.length() - "/rpc".length());
        }
        return new Endpoint(URI.create(s));
    }

    /**
     * Reads the gateway configuration.
     *
     * @throws CliException (exit 2) if the file cannot be read or holds an invalid port
     */
    static Endpoint fromConfig(Path cfg) throws CliException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(cfg, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            // the gateway runs on its defaults without the file, so the CLI does too
            return new Endpoint(URI.create("http://" + DEFAULT_ADDRESS + ":" + DEFAULT_PORT));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "cannot read " + cfg + ": " + e.getMessage(), e);
        }
        String portText = value(p, "port");
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw CliException.usage(cfg + ": port '" + portText + "' is not a TCP port (1-65535); fix it or "
                        + "pass --url");
            }
        }
        String address = value(p, "bindAddress");
        return new Endpoint(URI.create("http://" + host(address == null ? DEFAULT_ADDRESS : address) + ":" + port));
    }

    /** The address to connect to for a listening address: a wildcard means "every interface", so loopback works. */
    static String host(String bindAddress) {
        String a = bindAddress.trim();
        if (a.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.equals("::") || a.matches("0*(:0*)+")) {
            return "[::1]";
        }
        return a.contains(":") ? "[" + a + "]" : a;
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            return null;
        }
        v = v.trim();
        Matcher m = TYPED.matcher(v);
        if (m.matches()) {
            v = m.group(1).trim();
        }
        return v.isEmpty() ? null : v;
    }
}
