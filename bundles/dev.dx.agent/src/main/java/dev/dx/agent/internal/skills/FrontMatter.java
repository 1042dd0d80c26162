package dev.dx.agent.internal.skills;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML front matter of a SKILL.md, for the subset skills use: {@code key: value}, nested maps by indentation,
 * lists as {@code [a, b]} or {@code - a} lines. Anything richer is ignored rather than misread.
 */
final class FrontMatter {
    private FrontMatter() {
    }

    /** @return the front matter as nested maps, lists and strings; empty if the file has none */
    static Map<String, Object> parse(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            return Map.of();
        }
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object[]> stack = new ArrayList<>();
        stack.add(new Object[] {-1, root});
        String listKey = null;
        Map<String, Object> listOwner = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().equals("---")) {
                break;
            }
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            String t = line.strip();
            if (t.startsWith("- ") && listKey != null) {
                Object existing = listOwner.get(listKey);
                if (existing instanceof Map && ((Map<?, ?>) existing).isEmpty()) {
                    // "key:" followed by "- item" lines: a list, not the map it was taken for
                    Object replaced = existing;
                    stack.removeIf(frame -> frame[1] == replaced);
                    existing = new ArrayList<>();
                    listOwner.put(listKey, existing);
                }
                if (existing instanceof List) {
                    @SuppressWarnings("unchecked")
                    List<Object> l = (List<Object>) existing;
                    l.add(unquote(t.substring(2).strip()));
                }
                continue;
            }
            while (stack.size() > 1 && (int) stack.get(stack.size() - 1)[0] >= indent) {
                stack.remove(stack.size() - 1);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> current = (Map<String, Object>) stack.get(stack.size() - 1)[1];
            int colon = t.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = t.substring(0, colon).strip();
            String value = t.substring(colon + 1).strip();
            if (value.isEmpty()) {
                Map<String, Object> child = new LinkedHashMap<>();
                current.put(key, child);
                stack.add(new Object[] {indent, child});
                listKey = key;
                listOwner = current;
            } else if (value.startsWith("[") && value.endsWith("]")) {
                List<Object> l = new ArrayList<>();
                for (String part : value.substring(1, value.length() - 1).split(",")) {
                    if (!part.isBlank()) {
                        l.add(unquote(part.strip()));
                    }
                }
                current.put(key, l);
                listKey = null;
            } else {
                current.put(key, unquote(value));
                listKey = null;
            }
        }
        return root;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Map<String, Object> m, String... path) {
        Object v = m;
        for (String p : path) {
            if (!(v instanceof Map)) {
                return List.of();
            }
            v = ((Map<String, Object>) v).get(p);
        }
        if (v instanceof List) {
            return ((List<Object>) v).stream().map(String::valueOf).toList();
        }
        return v instanceof String && !((String) v).isBlank() ? List.of((String) v) : List.of();
    }
}
