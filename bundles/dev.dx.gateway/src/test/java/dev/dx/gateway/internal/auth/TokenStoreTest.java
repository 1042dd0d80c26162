package dev.dx.gateway.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.Scope;

class TokenStoreTest {
    @TempDir
    Path dir;

    @Test
    void generatesAStrongOwnerOnlyTokenOnceAndKeepsIt() throws Exception {
        TokenStore store = new TokenStore(dir.resolve("gw"));
        store.activate();
        Path file = store.tokenFile();
        String token = Files.readString(file).trim();
        assertTrue(token.startsWith("dxg_"));
        assertTrue(Base64.getUrlDecoder().decode(token.substring(4)).length >= 32, "at least 256 bits");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        TokenStore again = new TokenStore(dir.resolve("gw"));
        again.activate();
        assertEquals(token, Files.readString(file).trim(), "a restart keeps the token");
        Credential c = again.authenticate(token);
        assertNotNull(c);
        assertEquals(Set.of(Scope.ADMIN), c.scopes());
    }

    @Test
    void onlyTheExactTokenAuthenticates() throws Exception {
        TokenStore store = new TokenStore(dir);
        store.activate();
        String token = Files.readString(store.tokenFile()).trim();
        assertNull(store.authenticate(null));
        assertNull(store.authenticate(""));
        assertNull(store.authenticate(" " + token));
        assertNull(store.authenticate(token + " "));
        assertNull(store.authenticate(token.substring(0, token.length() - 1)));
        assertNull(store.authenticate(token.toUpperCase()));
        assertNull(store.authenticate("x".repeat(100_000)));
        assertNotNull(store.authenticate(token));
    }

    @Test
    void rotationRevokesTheOldTokenAndItsCredential() throws Exception {
        TokenStore store = new TokenStore(dir);
        store.activate();
        String old = Files.readString(store.tokenFile()).trim();
        Credential live = store.authenticate(old);
        store.rotate();
        String fresh = Files.readString(store.tokenFile()).trim();
        assertNotEquals(old, fresh);
        assertNull(store.authenticate(old));
        assertTrue(live.revoked(), "connections holding the old credential see it revoked");
        assertNotNull(store.authenticate(fresh));
    }

    @Test
    void scopedTokensAreStoredAsHashesAndCanBeRevoked() throws Exception {
        TokenStore store = new TokenStore(dir);
        store.activate();
        String t = store.create("dashboard", Set.of(Scope.READ));
        assertEquals(Set.of(Scope.READ), store.authenticate(t).scopes());
        String stored = Files.readString(dir.resolve("tokens.json"));
        assertTrue(!stored.contains(t) && !stored.contains(t.substring(4)), "only the hash is stored");
        TokenStore reloaded = new TokenStore(dir);
        reloaded.activate();
        assertNotNull(reloaded.authenticate(t));
        String id = reloaded.list().get(0).id();
        reloaded.revoke(id);
        assertNull(reloaded.authenticate(t));
        assertThrows(RpcException.class, () -> reloaded.revoke(id));
        assertThrows(RpcException.class, () -> reloaded.create("bad/name", Set.of(Scope.READ)));
        assertThrows(RpcException.class, () -> reloaded.create("none", Set.of()));
    }
}
