package dev.dx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the installation, the gateway's address and the token: {@link DxHome}, {@link Endpoint}, {@link Token}. */
class DiscoveryTest {
    private static final String SECRET = "dxg_s3cret-Token_value";

    @TempDir
    Path dir;

    @Test
    void homeComesFromKarafHomeThenDxHomeThenHome() throws CliException {
        DxHome h = DxHome.from(Map.of("KARAF_HOME", dir.toString(), "DX_HOME", "/elsewhere"));
        assertEquals(dir.resolve("etc"), h.etc());
        assertEquals(dir.resolve("data/dx/gateway/gateway.token"), h.tokenFile());
        assertEquals(dir.resolve("etc/dev.dx.gateway.cfg"), h.gatewayConfig());
        assertEquals(dir, DxHome.from(Map.of("DX_HOME", dir.toString())).home());
        assertEquals(dir.resolve(".dx"), DxHome.from(Map.of("HOME", dir.toString())).home());
        CliException e = assertThrows(CliException.class, () -> DxHome.from(Map.of()));
        assertTrue(e.getMessage().contains("set DX_HOME"), e.getMessage());
    }

    @Test
    void karafDataEtcAndBaseOverrideLikeKaraf() throws CliException {
        Path data = dir.resolve("state");
        DxHome h = DxHome.from(Map.of("KARAF_HOME", dir.toString(), "KARAF_DATA", data.toString(),
                "KARAF_ETC", dir.resolve("conf").toString()));
        assertEquals(data.resolve("dx/gateway/gateway.token"), h.tokenFile());
        assertEquals(dir.resolve("conf/dev.dx.gateway.cfg"), h.gatewayConfig());
        DxHome based = DxHome.from(Map.of("KARAF_HOME", dir.toString(), "KARAF_BASE", dir.resolve("b").toString()));
        assertEquals(dir.resolve("b/data"), based.data());
    }

    @Test
    void endpointFollowsTheGatewayConfigurationWithItsDefaults() throws IOException, CliException {
        Path cfg = dir.resolve("dev.dx.gateway.cfg");
        assertEquals("http://127.0.0.1:31337", Endpoint.fromConfig(cfg).toString(), "no file: defaults");
        Files.writeString(cfg, "# comment\nport = 4242\n");
        assertEquals("http://127.0.0.1:4242/rpc", Endpoint.fromConfig(cfg).rpc().toString());
        Files.writeString(cfg, "port = I\"4243\"\nbindAddress = 192.168.1.5\n");
        assertEquals("http://192.168.1.5:4243", Endpoint.fromConfig(cfg).toString());
        Files.writeString(cfg, "port=1\nbindAddress=0.0.0.0\n");
        assertEquals("http://127.0.0.1:1", Endpoint.fromConfig(cfg).toString(), "wildcard: connect to loopback");
        Files.writeString(cfg, "port=2\nbindAddress=::\n");
        assertEquals("http://[::1]:2", Endpoint.fromConfig(cfg).toString());
        Files.writeString(cfg, "port=3\nbindAddress=fe80::1\n");
        assertEquals("http://[fe80::1]:3", Endpoint.fromConfig(cfg).toString());
        Files.writeString(cfg, "port = eighty\n");
        CliException e = assertThrows(CliException.class, () -> Endpoint.fromConfig(cfg));
        assertEquals(CliException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("port 'eighty' is not a TCP port") && e.getMessage().contains(cfg.toString()),
                e.getMessage());
    }

    @Test
    void urlOptionIsCheckedAndNormalised() throws CliException {
        assertEquals("http://h:1", Endpoint.fromUrl("http://h:1/").toString());
        assertEquals("http://h:1", Endpoint.fromUrl("http://h:1/rpc").toString());
        assertEquals("https://h/dx/rpc", Endpoint.fromUrl("https://h/dx").rpc().toString());
        for (String bad : new String[] {"h:1", "ftp://h", "http://", "http://h:1/?token=x", "http://u:p@h/"}) {
            CliException e = assertThrows(CliException.class, () -> Endpoint.fromUrl(bad), bad);
            assertTrue(e.getMessage().contains("--url"), e.getMessage());
        }
    }

    @Test
    void tokenFileOptionBeatsEnvironmentWhichBeatsTheGatewayFile() throws IOException, CliException {
        Path gateway = write("gateway.token", SECRET + "\n");
        Path other = write("other.token", "\n  other-token  \n");
        assertEquals(SECRET, Token.resolve(null, Map.of(), gateway).value());
        assertEquals(gateway.toString(), Token.resolve(null, Map.of(), gateway).source());
        Token env = Token.resolve(null, Map.of("DX_TOKEN", "env-token"), gateway);
        assertEquals("env-token", env.value());
        assertEquals("DX_TOKEN", env.source());
        assertEquals("other-token", Token.resolve(other, Map.of("DX_TOKEN", "env-token"), gateway).value());
        assertEquals(SECRET, Token.resolve(null, Map.of("DX_TOKEN", " "), gateway).value(), "blank: unset");
    }

    @Test
    void tokenProblemsSayWhatToDoAndNeverShowTheToken() throws IOException, CliException {
        Path missing = dir.resolve("data/dx/gateway/gateway.token");
        CliException e = assertThrows(CliException.class, () -> Token.resolve(null, Map.of(), missing));
        assertEquals(CliException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("no token file at " + missing) && e.getMessage().contains("Start DX"),
                e.getMessage());
        assertMessage("is empty", write("empty.token", "\n \n"));
        assertMessage("is a directory", dir);
        assertMessage("too large", write("big.token", "x".repeat(5000)));
        Path spaced = write("spaced.token", "dxg_a b" + SECRET);
        assertFalse(assertMessage("characters a token cannot have", spaced).contains(SECRET));
        CliException env = assertThrows(CliException.class,
                () -> Token.resolve(null, Map.of("DX_TOKEN", SECRET + "\u00e9"), missing));
        assertFalse(env.getMessage().contains(SECRET), env.getMessage());
        assertFalse(Token.resolve(null, Map.of("DX_TOKEN", SECRET), missing).toString().contains(SECRET));
    }

    @Test
    void unreadableTokenFileNamesTheUserToRunAs() throws IOException {
        Path file = write("locked.token", SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        // root reads anything: nothing to check then
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root");
        assertMessage("permission denied", file);
    }

    @Test
    void tokenInfoSaysWhereTheTokenIsButNotWhatItIs() throws IOException {
        Path file = write("gateway.token", SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String info = TokenInfo.describe(null, Map.of(), file);
        assertTrue(info.contains(file.toString()) && info.contains("readable by its owner only"), info);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(TokenInfo.describe(null, Map.of(), file).contains("chmod 600"));
        String env = TokenInfo.describe(null, Map.of("DX_TOKEN", SECRET), file);
        assertTrue(env.contains("DX_TOKEN is set"), env);
        assertFalse(env.contains(SECRET), env);
        assertTrue(TokenInfo.describe(null, Map.of(), dir.resolve("nope")).contains("does not exist yet"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String assertMessage(String expected, Path file) {
        CliException e = assertThrows(CliException.class, () -> Token.resolve(file, Map.of(), file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e.getMessage();
    }
}
