package dev.dx.config.internal.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/** A JSON Schema (draft 2020-12) of a configuration, generated from its MetaType. */
public final class JsonSchema {
    private JsonSchema() {
    }

    public static Map<String, Object> of(String pid, boolean factory, SchemaRegistry.Schema schema) {
        ObjectClassDefinition ocd = schema.ocd();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("$id", "dx:config:" + pid);
        s.put("title", ocd.getName());
        if (ocd.getDescription() != null) {
            s.put("description", ocd.getDescription());
        }
        s.put("type", "object");
        s.put("additionalProperties", false);
        s.put("x-dx-factory", factory);
        s.put("x-dx-file", factory ? "etc/" + pid + "-<name>.cfg" : "etc/" + pid + ".cfg");
        s.put("x-dx-bundle", schema.bundle());
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            Map<String, Object> p = new LinkedHashMap<>();
            Map<String, Object> item = ad.getCardinality() == 0 ? p : new LinkedHashMap<>();
            item.put("type", jsonType(ad.getType()));
            if (ad.getType() == AttributeDefinition.PASSWORD) {
                item.put("writeOnly", true);
            }
            String[] limits = schema.limits().get(ad.getID());
            if (limits != null && isNumeric(ad.getType())) {
                if (!limits[0].isEmpty()) {
                    item.put("minimum", number(limits[0]));
                }
                if (!limits[1].isEmpty()) {
                    item.put("maximum", number(limits[1]));
                }
            }
            if (ad.getOptionValues() != null) {
                item.put("enum", List.of(ad.getOptionValues()));
            }
            if (ad.getCardinality() != 0) {
                p.put("type", "array");
                p.put("items", item);
            }
            if (ad.getName() != null) {
                p.put("title", ad.getName());
            }
            if (ad.getDescription() != null) {
                p.put("description", ad.getDescription());
            }
            String[] def = ad.getDefaultValue();
            if (def != null) {
                p.put("default", ad.getCardinality() == 0 ? (def.length == 0 ? null : typed(ad.getType(), def[0]))
                        : java.util.Arrays.stream(def).map(d -> typed(ad.getType(), d)).toList());
            }
            props.put(ad.getID(), p);
        }
        AttributeDefinition[] req = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        for (AttributeDefinition ad : req == null ? new AttributeDefinition[0] : req) {
            if (ad.getDefaultValue() == null) {
                required.add(ad.getID());
            }
        }
        s.put("properties", props);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        return s;
    }

    private static boolean isNumeric(int t) {
        return t == AttributeDefinition.INTEGER || t == AttributeDefinition.LONG || t == AttributeDefinition.SHORT
                || t == AttributeDefinition.BYTE || t == AttributeDefinition.DOUBLE || t == AttributeDefinition.FLOAT;
    }

    private static String jsonType(int t) {
        switch (t) {
            case AttributeDefinition.INTEGER:
            case AttributeDefinition.LONG:
            case AttributeDefinition.SHORT:
            case AttributeDefinition.BYTE:
                return "integer";
            case AttributeDefinition.DOUBLE:
            case AttributeDefinition.FLOAT:
                return "number";
            case AttributeDefinition.BOOLEAN:
                return "boolean";
            default:
                return "string";
        }
    }

    private static Object number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Double.parseDouble(s);
        }
    }

    private static Object typed(int t, String v) {
        try {
            switch (jsonType(t)) {
                case "integer":
                    return Long.parseLong(v);
                case "number":
                    return Double.parseDouble(v);
                case "boolean":
                    return Boolean.parseBoolean(v);
                default:
                    return v;
            }
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
