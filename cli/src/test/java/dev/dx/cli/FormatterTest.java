package dev.dx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class FormatterTest {
    private static final String NL = System.lineSeparator();
    private final ObjectMapper json = new ObjectMapper();
    private final Formatter format = new Formatter(json);

    @Test
    void resultsArePrettyJson() throws Exception {
        assertEquals("{" + NL + "  \"ok\" : true" + NL + "}", format.json(tree("{\"ok\":true}")));
    }

    @Test
    void errorsShowMessageAndStableCode() throws Exception {
        assertEquals("error: No method 'x' (METHOD_NOT_FOUND)", Formatter.error(tree(
                "{\"code\":-32601,\"message\":\"No method 'x'\",\"data\":{\"code\":\"METHOD_NOT_FOUND\"}}")));
        assertEquals("error: Slow down (RATE_LIMITED); retry in 2 s", Formatter.error(tree(
                "{\"code\":-32003,\"message\":\"Slow down\",\"data\":{\"code\":\"RATE_LIMITED\",\"retryAfterMs\":1001}}")));
        assertEquals("error: Odd (-32000)", Formatter.error(tree("{\"code\":-32000,\"message\":\"Odd\"}")));
    }

    @Test
    void statusIsAShortSummaryWithABundleTable() throws Exception {
        String s = format.status(tree("{\"name\":\"dx\",\"version\":\"0.1.0.SNAPSHOT\",\"uptimeMs\":7500000,"
                + "\"gateway\":{\"url\":\"http://127.0.0.1:31337\",\"connections\":2,\"methods\":9},"
                + "\"bundles\":[{\"name\":\"dev.dx.api\",\"version\":\"0.1.0.SNAPSHOT\",\"state\":\"active\"},"
                + "{\"name\":\"dev.dx.gateway\",\"version\":\"0.1.0.SNAPSHOT\",\"state\":\"resolved\"}],"
                + "\"features\":[{\"name\":\"dx\",\"installed\":true},{\"name\":\"dx-x\",\"installed\":false}],"
                + "\"jvm\":{\"heapUsedBytes\":52428800,\"heapMaxBytes\":536870912,\"threads\":61,\"java\":\"17.0.9\"}}"));
        assertTrue(s.startsWith("DX 0.1.0.SNAPSHOT, up 2 h 5 min" + NL), s);
        assertTrue(s.contains("Gateway:     http://127.0.0.1:31337" + NL), s);
        assertTrue(s.contains("Connections: 2 WebSocket"), s);
        assertTrue(s.contains("Java:        17.0.9, heap 50 of 512 MiB, 61 threads"), s);
        assertTrue(s.contains("Features:    dx; available: dx-x"), s);
        assertTrue(s.contains("BUNDLE          VERSION         STATE" + NL), s);
        assertTrue(s.contains("dev.dx.gateway  0.1.0.SNAPSHOT  resolved" + NL), s);
    }

    @Test
    void statusSurvivesMissingFields() throws Exception {
        String s = format.status(tree("{}"));
        assertTrue(s.startsWith("DX ?, up ?"), s);
        assertFalse(s.contains("Java:"), s);
    }

    @Test
    void methodsAreATableSortedByName() throws Exception {
        String t = format.methods(tree("[{\"name\":\"status\",\"scope\":\"read\",\"description\":\"Version\"},"
                + "{\"name\":\"gateway.token.rotate\",\"scope\":\"admin\",\"description\":\"Replace the token\"},"
                + "{\"name\":\"bare\"}]"));
        assertEquals("NAME                  SCOPE  DESCRIPTION" + NL
                + "bare                  ?" + NL
                + "gateway.token.rotate  admin  Replace the token" + NL
                + "status                read   Version" + NL, t);
    }

    @Test
    void healthAndDurations() throws Exception {
        Endpoint e = new Endpoint(URI.create("http://127.0.0.1:1"));
        assertEquals("ok: DX answers at http://127.0.0.1:1", Formatter.health(tree("{\"ok\":true}"), e));
        assertFalse(Formatter.healthy(tree("{\"ok\":false}")));
        assertEquals("42 s", Formatter.duration(42_999));
        assertEquals("3 min 5 s", Formatter.duration(185_000));
        assertEquals("1 d 2 h", Formatter.duration(93_600_000));
    }

    private JsonNode tree(String s) throws Exception {
        return json.readTree(s);
    }
}
