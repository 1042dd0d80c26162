package dev.dx.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/** Where the gateway listens and the token to reach it with. {@link #toString()} never shows the token. */
final class Target {
    private final String host;
    private final int port;
    private final String token;
    private final Path home;

    private Target(String host, int port, String token, Path home) {
        this.host = host;
        this.port = port;
        this.token = token;
        this.home = home;
    }

    /**
     * Resolves the target from the options: {@code --url} and {@code --token-file} win; otherwise both come from the DX
     * home ({@code --home}, else {@code $DX_HOME}, else {@code ~/.dx}).
     */
    static Target resolve(Options o) throws IOException {
        Path home = o.home();
        if (home == null && (o.url() == null || o.tokenFile() == null)) {
            String env = System.getenv("DX_HOME");
            home = env != null && !env.isBlank() ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".dx");
        }
        String host;
        int port;
        if (o.url() != null) {
            URI u = URI.create(o.url());
            if (u.getHost() == null) {
                throw new IllegalArgumentException("--url must look like http://127.0.0.1:31337, not " + o.url());
            }
            host = u.getHost();
            port = u.getPort() > 0 ? u.getPort() : 80;
        } else {
            Properties cfg = load(home.resolve("etc").resolve("dev.dx.gateway.cfg"));
            String bind = cfg.getProperty("bindAddress", "127.0.0.1").trim();
            host = bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
            port = Integer.parseInt(cfg.getProperty("port", "31337").trim());
        }
        Path tokenFile = o.tokenFile() != null ? o.tokenFile()
                : home.resolve("data").resolve("dx").resolve("gateway").resolve("gateway.token");
        if (!Files.isReadable(tokenFile)) {
            throw new IllegalArgumentException("Cannot read the gateway token at " + tokenFile
                    + "; start DX once (it creates the token) or give --token-file / --home");
        }
        String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("The token file " + tokenFile + " is empty");
        }
        return new Target(host, port, token, home);
    }

    private static Properties load(Path cfg) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(cfg)) {
            try (Reader r = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String hostHeader() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    String token() {
        return token;
    }

    /** @return the DX home, or {@code null} when the target was given by URL and token file only */
    Path home() {
        return home;
    }

    boolean loopback() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
    }

    @Override
    public String toString() {
        return "http://" + hostHeader();
    }
}
