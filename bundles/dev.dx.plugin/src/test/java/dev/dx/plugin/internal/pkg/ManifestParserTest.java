package dev.dx.plugin.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.rpc.Scope;

/** dx-plugin.json: everything a plugin may declare, and the mistakes refused with the key that is wrong. */
class ManifestParserTest {
    private static PluginManifest parse(String json) throws PackageException {
        return ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(String json) {
        return assertThrows(PackageException.class, () -> parse(json)).getMessage();
    }

    private static String with(String extra) {
        return "{\"id\":\"weather\",\"version\":\"1.2.0\",\"type\":\"wasm\",\"entry\":\"plugin.wasm\"" + extra + "}";
    }

    @Test
    void parsesAFullManifest() throws Exception {
        PluginManifest m = parse(with(",\"description\":\"Weather\","
                + "\"tools\":[{\"name\":\"forecast\",\"description\":\"Forecast\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}],"
                + "\"methods\":[{\"name\":\"stats\",\"scope\":\"read\"},{\"name\":\"reset\"}],"
                + "\"hooks\":[\"tool.before\",\"message.inbound\"],"
                + "\"permissions\":{\"network\":{\"hosts\":[\"api.weather.example\",\"*.cdn.example\"]},"
                + "\"filesystem\":{\"read\":[\"/data/maps\"],\"write\":[]},\"kv\":true,\"process\":false}"));
        assertEquals("weather", m.id());
        assertEquals("1.2.0", m.version());
        assertEquals("forecast", m.tools().get(0).name());
        assertEquals("object", m.tools().get(0).parameters().get("type"));
        assertEquals(Scope.READ, m.methods().get(0).scope());
        assertEquals(Scope.ADMIN, m.methods().get(1).scope(), "no scope given: administrators only");
        assertEquals(List.of("tool.before", "message.inbound"), m.hooks());
        assertEquals(List.of("api.weather.example", "*.cdn.example"), m.permissions().networkHosts());
        assertTrue(m.permissions().kv());
        assertEquals(List.of("/data/maps"), m.permissions().filesystemRead());
    }

    @Test
    void aMinimalManifestRequestsNothing() throws Exception {
        PluginManifest m = parse(with(""));
        assertTrue(m.permissions().isEmpty());
        assertTrue(m.tools().isEmpty() && m.methods().isEmpty() && m.hooks().isEmpty());
    }

    @Test
    void refusesMistakesNamingTheKey() {
        assertTrue(refused(with(",\"permisions\":{}")).contains("unknown key 'permisions'"));
        assertTrue(refused(with(",\"permissions\":{\"kv\":\"yes\"}")).contains("permissions.kv must be true or false"));
        assertTrue(refused(with(",\"permissions\":{\"network\":{\"host\":[]}}"))
                .contains("unknown key 'permissions.network.host'"));
        assertTrue(refused(with(",\"permissions\":{\"network\":{\"hosts\":[\"http://x.example\"]}}"))
                .contains("is not a host name"));
        assertTrue(refused(with(",\"permissions\":{\"filesystem\":{\"read\":[\"../etc\"]}}"))
                .contains("absolute, normalised path"));
        assertTrue(refused(with(",\"tools\":[{\"name\":\"Bad-Name\"}]")).contains("'name'"));
        assertTrue(refused(with(",\"tools\":[{\"name\":\"a\"},{\"name\":\"a\"}]")).contains("declared twice"));
        assertTrue(refused(with(",\"tools\":[{\"name\":\"a\",\"parameters\":{\"type\":\"string\"}}]"))
                .contains("\"type\": \"object\""));
        assertTrue(refused(with(",\"hooks\":[\"everything\"]")).contains("'hooks' may hold"));
        assertTrue(refused(with(",\"methods\":[{\"name\":\"x\",\"scope\":\"root\"}]")).contains("Unknown scope"));
        assertTrue(refused("{\"id\":\"X\",\"version\":\"1.0.0\",\"type\":\"wasm\",\"entry\":\"p.wasm\"}")
                .contains("'id'"));
        assertTrue(refused("{\"id\":\"ok-id\",\"version\":\"one\",\"type\":\"wasm\",\"entry\":\"p.wasm\"}")
                .contains("'version'"));
        assertTrue(refused("{\"id\":\"ok-id\",\"version\":\"1.0.0\",\"type\":\"jar\",\"entry\":\"p.wasm\"}")
                .contains("wasm, native or script"));
        assertTrue(refused("{\"id\":\"ok-id\",\"version\":\"1.0.0\",\"type\":\"wasm\",\"entry\":\"../p.wasm\"}")
                .contains("'entry'"));
        assertTrue(refused("{\"id\":\"ok-id\",\"id\":\"other\"}").contains("not valid JSON"));
        assertTrue(refused("[1]").contains("JSON object"));
        assertTrue(refused(with("") + " trailing").contains("not valid JSON"));
    }
}
