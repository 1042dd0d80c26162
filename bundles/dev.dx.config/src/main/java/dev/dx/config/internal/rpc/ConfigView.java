package dev.dx.config.internal.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import dev.dx.config.internal.ConfigManager;
import dev.dx.config.internal.FileState;
import dev.dx.config.internal.schema.Problem;
import dev.dx.config.internal.schema.SchemaRegistry;

/**
 * The configuration as {@code config.get} shows it: every DX file with its values as written, secrets masked (a
 * {@code ${secret:...}} reference is shown, a literal secret never is), and its state.
 */
final class ConfigView {
    static final String MASK = "********";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|apikey|api_key|credential).*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|secret):[^}]+}");

    private ConfigView() {
    }

    static Map<String, Object> of(ConfigManager manager) {
        List<FileState> states = manager.states();
        Map<String, Object> configs = new LinkedHashMap<>();
        for (FileState s : states) {
            SchemaRegistry.Schema schema = manager.schemas().find(s.name().pid(), s.name().factory());
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("file", "etc/" + s.name().fileName());
            if (s.name().factory()) {
                c.put("factoryPid", s.name().pid());
                c.put("name", s.name().name());
            }
            c.put("state", s.applied() ? "applied" : "refused");
            Map<String, Object> values = new LinkedHashMap<>();
            if (s.raw() != null) {
                s.raw().forEach((k, v) -> values.put(k, secret(schema, k) && !REFERENCE.matcher(v).matches() ? MASK : v));
            }
            c.put("values", values);
            if (!s.applied()) {
                c.put("problems", s.problems().stream().map(Problem::toString).toList());
            }
            configs.put(s.name().configPid(), c);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("hash", manager.hash());
        r.put("configurations", configs);
        return r;
    }

    private static boolean secret(SchemaRegistry.Schema schema, String key) {
        if (SECRET_KEY.matcher(key).matches()) {
            return true;
        }
        if (schema == null) {
            return false;
        }
        AttributeDefinition[] ads = schema.ocd().getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            if (ad.getID().equals(key)) {
                return ad.getType() == AttributeDefinition.PASSWORD;
            }
        }
        return false;
    }
}
