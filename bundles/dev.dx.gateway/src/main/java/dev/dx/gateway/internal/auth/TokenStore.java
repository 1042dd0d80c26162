package dev.dx.gateway.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.Scope;

/**
 * The gateway's credentials. The owner token (all scopes) is generated at first start — 256 random bits — and kept in
 * {@code ${karaf.data}/dx/gateway/gateway.token}, readable by the owner only, for the owner's tools to read. Scoped
 * tokens made with {@code gateway:token-create} are stored only as SHA-256 hashes and shown once. Tokens are compared
 * in constant time and never logged.
 */
@Component(service = TokenStore.class)
public final class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final String PRIMARY = "owner";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecureRandom random = new SecureRandom();
    private final List<Credential> credentials = new CopyOnWriteArrayList<>();
    private final Path dir;

    /** The stored form of a scoped token. */
    public record StoredToken(String id, String name, List<String> scopes, String sha256, String created) {
    }

    public TokenStore() {
        this(Paths.get(System.getProperty("karaf.data", "data"), "dx", "gateway"));
    }

    TokenStore(Path dir) {
        this.dir = dir;
    }

    @Activate
    void activate() throws IOException {
        SecureFiles.ownerOnlyDirectory(dir);
        Path file = tokenFile();
        String token;
        if (Files.isRegularFile(file)) {
            token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } else {
            token = newToken();
            SecureFiles.replace(file, token.getBytes(StandardCharsets.US_ASCII));
            LOG.info("Generated the gateway token in {} (owner-readable only). Clients send it as "
                    + "'Authorization: Bearer <token>' or in the WebSocket connect request; bin/dx reads it from there.",
                    file);
        }
        credentials.add(new Credential(PRIMARY, "owner token", EnumSet.of(Scope.ADMIN), sha256(token)));
        for (StoredToken t : readScoped()) {
            EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
            t.scopes().forEach(s -> scopes.add(Scope.of(s)));
            credentials.add(new Credential(t.id(), t.name(), scopes, HexFormat.of().parseHex(t.sha256())));
        }
    }

    /** @return the file holding the owner token */
    public Path tokenFile() {
        return dir.resolve("gateway.token");
    }

    /**
     * Finds the credential for a presented token. Every stored hash is compared, in constant time, whatever matches.
     *
     * @return the credential, or {@code null} if the token is missing, malformed or unknown
     */
    public Credential authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return null;
        }
        byte[] h = sha256(presented);
        Credential found = null;
        for (Credential c : credentials) {
            if (MessageDigest.isEqual(h, c.hash()) && !c.revoked()) {
                found = c;
            }
        }
        return found;
    }

    /**
     * Replaces the owner token. The old one stops working at once, for new requests and for live connections.
     */
    public synchronized void rotate() {
        String token = newToken();
        try {
            SecureFiles.replace(tokenFile(), token.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new RpcException(ErrorCode.INTERNAL_ERROR, "Could not write the new gateway token; the old one "
                    + "stays valid. Check that the data folder is writable.", e);
        }
        Credential fresh = new Credential(PRIMARY, "owner token", EnumSet.of(Scope.ADMIN), sha256(token));
        for (Credential c : credentials) {
            if (c.id().equals(PRIMARY)) {
                c.revoke();
                credentials.remove(c);
            }
        }
        credentials.add(0, fresh);
        LOG.info("Gateway owner token rotated; connections that used the old one are being closed");
    }

    /**
     * Creates a token with limited scopes.
     *
     * @return the token, which is not stored in clear and cannot be shown again
     */
    public synchronized String create(String name, Set<Scope> scopes) {
        if (name == null || !name.matches("[A-Za-z0-9 _.-]{1,64}")) {
            throw RpcException.invalidParams("Token name must be 1-64 letters, digits, spaces, '.', '_' or '-'");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw RpcException.invalidParams("Give the token at least one scope: read, write, approvals or admin");
        }
        String token = newToken();
        String id = HexFormat.of().formatHex(randomBytes(6));
        List<StoredToken> stored = new ArrayList<>(readScoped());
        stored.add(new StoredToken(id, name, scopes.stream().map(Scope::id).sorted().toList(),
                HexFormat.of().formatHex(sha256(token)), Instant.now().toString()));
        writeScoped(stored);
        credentials.add(new Credential(id, name, scopes, sha256(token)));
        return token;
    }

    /** Revokes a scoped token. */
    public synchronized void revoke(String id) {
        List<StoredToken> stored = new ArrayList<>(readScoped());
        if (!stored.removeIf(t -> t.id().equals(id))) {
            throw RpcException.notFound("No token with id '" + id + "'; gateway:token-list shows them");
        }
        writeScoped(stored);
        for (Credential c : credentials) {
            if (c.id().equals(id)) {
                c.revoke();
                credentials.remove(c);
            }
        }
    }

    /** @return the scoped tokens (never their values) */
    public List<StoredToken> list() {
        return readScoped();
    }

    private List<StoredToken> readScoped() {
        Path f = dir.resolve("tokens.json");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        try {
            return JSON.readValue(f.toFile(), new TypeReference<List<StoredToken>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + f + ": " + e.getMessage()
                    + ". Fix or delete the file (scoped tokens in it stop working).", e);
        }
    }

    private void writeScoped(List<StoredToken> tokens) {
        try {
            SecureFiles.replace(dir.resolve("tokens.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokens));
        } catch (IOException e) {
            throw new RpcException(ErrorCode.INTERNAL_ERROR, "Could not save the token list; nothing was changed", e);
        }
    }

    private String newToken() {
        return "dxg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
