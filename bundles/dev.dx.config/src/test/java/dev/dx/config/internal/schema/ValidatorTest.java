package dev.dx.config.internal.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class ValidatorTest {
    private final SchemaRegistry.Schema ocd = new SchemaRegistry.Schema(new FakeOcd(List.of(
            FakeOcd.ad("port", AttributeDefinition.INTEGER, 0, "31337"),
            FakeOcd.ad("enabled", AttributeDefinition.BOOLEAN, 0, "true"),
            FakeOcd.ad("origins", AttributeDefinition.STRING, Integer.MAX_VALUE, ""),
            FakeOcd.ad("mode", AttributeDefinition.STRING, 0, "ask", "ask", "deny"),
            FakeOcd.ad("apiKey", AttributeDefinition.PASSWORD, 0, ""),
            FakeOcd.ad("pin", AttributeDefinition.PASSWORD, 0, ""),
            FakeOcd.ad("model", AttributeDefinition.STRING, 0, null))), "test",
            Map.of("port", new String[] {"1", "65535"}, "model", new String[] {"3", ""},
                    "pin", new String[] {"4", "8"}));
    private final Map<String, String> env = Map.of("PORT", "4242", "TOKEN", "sk-live-from-env", "ORIGINS",
            "https://a,sk-also-secret");

    private Validator.Result check(Map<String, String> raw) {
        Map<String, String> withRequired = new LinkedHashMap<>(raw);
        withRequired.putIfAbsent("model", "anthropic/claude");
        return Validator.check(ocd, withRequired, env::get);
    }

    private static String only(Validator.Result r) {
        assertEquals(1, r.problems().size(), r.problems().toString());
        return r.problems().get(0).toString();
    }

    @Test
    void validValuesAreKeptAsWrittenAndListsAreSplit() {
        Validator.Result r = check(Map.of("port", "${env:PORT}", "enabled", "FALSE", "origins", "https://a, https://b",
                "mode", "deny", "apiKey", "${secret:anthropic}"));
        assertTrue(r.valid(), r.problems().toString());
        assertEquals("${env:PORT}", r.values().get("port"), "references stay unresolved in storage");
        assertArrayEquals(new String[] {"https://a", "https://b"}, (String[]) r.values().get("origins"));
    }

    @Test
    void everyKindOfBadValueNamesTheKey() {
        assertTrue(only(check(Map.of("port", "http"))).startsWith("key 'port': 'http' is not a whole number"));
        assertEquals("key 'port': '70000' is too large: it must be at most 65535", only(check(Map.of("port", "70000"))));
        assertTrue(only(check(Map.of("port", "0"))).contains("at least 1"));
        assertTrue(only(check(Map.of("model", "ab"))).contains("at least 3 characters long"));
        assertTrue(only(check(Map.of("enabled", "yes"))).contains("true or false"));
        assertEquals("key 'mode': 'always' is not one of ask, deny", only(check(Map.of("mode", "always"))));
        String unknown = only(check(Map.of("prot", "1")));
        assertTrue(unknown.startsWith("key 'prot': unknown key"), unknown);
        assertTrue(unknown.contains("port"), unknown);
        assertTrue(only(check(Map.of("port", "${env:NOT_SET}"))).contains("NOT_SET is not set"));
        assertTrue(only(check(Map.of("port", "${secret:x}"))).contains("only fits text"));
        assertTrue(only(Validator.check(ocd, Map.of(), env::get)).contains("'model': missing"));
    }

    @Test
    void problemsNeverQuoteResolvedReferencesOrPasswords() {
        String env = only(check(Map.of("port", "${env:TOKEN}")));
        assertFalse(env.contains("sk-live"), env);
        assertEquals("key 'port': the value of ${env:TOKEN} is not a whole number (32-bit)", env);
        String inText = only(check(Map.of("port", "80${env:TOKEN}")));
        assertFalse(inText.contains("sk-live"), inText);
        assertTrue(inText.contains("the value of 80${env:TOKEN}"), inText);
        String list = only(check(Map.of("mode", "${env:ORIGINS}")));
        assertFalse(list.contains("sk-also"), list);
        String password = only(check(Map.of("pin", "123456789012")));
        assertFalse(password.contains("123456789012"), password);
        assertEquals("key 'pin': the value is too large: it must be at most 8 characters long", password);
        // the twin: a literal in the file is quoted, it helps to see what was wrong
        assertEquals("key 'port': '80x' is not a whole number (32-bit)", only(check(Map.of("port", "80x"))));
    }

    @Test
    void withoutASchemaOnlyReferencesAreChecked() {
        assertTrue(Validator.check(null, Map.of("anything", "1"), env::get).valid());
        assertTrue(!Validator.check(null, Map.of("a", "${env:NOPE}"), env::get).valid());
    }
}
