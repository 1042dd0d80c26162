package dev.dx.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.tool.ToolInvocation;
import dev.dx.itests.support.PluginFiles;

/** What the plugin integration tests share: the deploy folder, a trusted signing key, signed packages, RPC views. */
public abstract class PluginTestSupport extends DxTestSupport {
    protected static Path deploy() {
        return Paths.get(System.getProperty("karaf.base"), "deploy");
    }

    protected static Path work() throws Exception {
        return Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "itest-plugins"));
    }

    /** @return a test plugin this build made: {@code wasm/echo.wasm}, {@code native/echo.so}, {@code js/probe.js} */
    protected static byte[] built(String path) throws Exception {
        return Files.readAllBytes(Paths.get(System.getProperty("dx.test.build"), path));
    }

    /** The signing key the container trusts (created once, by plugin:keygen --trust). */
    protected Path key() throws Exception {
        Path key = work().resolve("trusted.key");
        if (!Files.exists(key)) {
            String out = executeCommand("plugin:keygen --trust " + work().resolve("trusted"));
            assertTrue(out, out.contains("Trusted on this gateway"));
        }
        return key;
    }

    /** Signs a plugin folder into a .dxp with plugin:sign. */
    protected Path sign(Path folder, Path key) throws Exception {
        Path out = work().resolve(folder.getFileName() + ".dxp");
        String printed = executeCommand("plugin:sign " + key + " " + folder + " " + out);
        assertTrue(printed, printed.contains("Signed"));
        return out;
    }

    protected JsonNode call(String method, Object params) throws Exception {
        return http().call(token(), method, params);
    }

    protected JsonNode plugin(String idOrFile) throws Exception {
        for (JsonNode p : call("plugins.list", null).get("result").get("plugins")) {
            if (p.get("id").asText().equals(idOrFile) || p.get("source").asText().equals(idOrFile)) {
                return p;
            }
        }
        return null;
    }

    protected JsonNode awaitPlugin(String idOrFile, String state, String version) {
        return await(idOrFile + " " + state + " " + version, TIMEOUT_MS, () -> {
            JsonNode p = plugin(idOrFile);
            return p != null && p.get("state").asText().equals(state)
                    && (version == null || version.equals(p.path("running").asText())) ? p : null;
        });
    }

    protected static ToolInvocation invocation(Map<String, Object> args) {
        return new ToolInvocation("call-1", "main", "session-1", "run-1", null, args);
    }

    /** Builds a WASM plugin folder and signs it. */
    protected Path signed(String id, String version, String rest, byte[] module, Path key) throws Exception {
        return sign(PluginFiles.folder(work(), id, version, rest, module), key);
    }
}
