package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.dx.api.hook.Hook;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.plugin.PluginPermissions;
import dev.dx.api.rpc.Scope;

/**
 * Reads {@code dx-plugin.json} strictly: unknown keys, wrong types, bad names and duplicates are refused with the key
 * that is wrong, so a typo in a permission cannot silently drop it.
 */
public final class ManifestParser {
    /** Plugin ids: also a file name, a configuration name and a method name part. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,63}");
    static final int MAX_BYTES = 256 * 1024;
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}\\.\\d{1,9}\\.\\d{1,9}([-+][0-9A-Za-z.-]{1,40})?");
    private static final Pattern TOOL = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern METHOD = Pattern.compile("[a-z][a-zA-Z0-9_]{0,63}");
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*"
            + "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Set<String> TYPES = Set.of("wasm", "native", "script");
    private static final Set<String> HOOKS = Set.of(Hook.MESSAGE_INBOUND, Hook.MESSAGE_OUTBOUND, Hook.TOOL_BEFORE);
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private ManifestParser() {
    }

    public static PluginManifest parse(byte[] bytes) throws PackageException {
        if (bytes.length > MAX_BYTES) {
            throw bad("it is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw bad("it is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad("it cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad("it must be a JSON object");
        }
        keys(root, "", "id", "version", "type", "entry", "description", "tools", "methods", "hooks", "permissions");
        String id = text(root, "id", ID, "[a-z][a-z0-9-]{1,63}", true);
        String version = text(root, "version", VERSION, "a version such as 1.2.0", true);
        String type = text(root, "type", null, null, true);
        if (!TYPES.contains(type)) {
            throw bad("'type' must be wasm, native or script");
        }
        String entry = text(root, "entry", null, null, true);
        String entryProblem = PackagePath.problem(entry);
        if (entryProblem != null || entry.equals(PackageFiles.SIGNATURE) || entry.equals(PackageFiles.MANIFEST)) {
            throw bad("'entry' must name the plugin's file in the package, e.g. plugin.wasm");
        }
        String description = text(root, "description", null, null, false);
        if (description != null && description.length() > 1000) {
            throw bad("'description' is longer than 1000 characters");
        }
        return new PluginManifest(id, version, type, entry, description, tools(root.get("tools")),
                methods(root.get("methods")), hooks(root.get("hooks")), permissions(root.get("permissions")));
    }

    private static List<PluginManifest.ToolEntry> tools(JsonNode node) throws PackageException {
        List<PluginManifest.ToolEntry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode t : array(node, "tools", 64)) {
            keys(t, "tools[].", "name", "description", "parameters");
            String name = text(t, "name", TOOL, "[a-z][a-z0-9_]{0,63}", true);
            JsonNode params = t.get("parameters");
            if (params != null && (!params.isObject() || !"object".equals(params.path("type").asText()))) {
                throw bad("tool '" + name + "': 'parameters' must be a JSON Schema with \"type\": \"object\"");
            }
            if (!names.add(name)) {
                throw bad("tool '" + name + "' is declared twice");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = params == null ? null : JSON.convertValue(params, Map.class);
            out.add(new PluginManifest.ToolEntry(name, text(t, "description", null, null, false), schema));
        }
        return out;
    }

    private static List<PluginManifest.MethodEntry> methods(JsonNode node) throws PackageException {
        List<PluginManifest.MethodEntry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode m : array(node, "methods", 64)) {
            keys(m, "methods[].", "name", "description", "scope");
            String name = text(m, "name", METHOD, "[a-z][a-zA-Z0-9_]{0,63}", true);
            if (!names.add(name)) {
                throw bad("method '" + name + "' is declared twice");
            }
            String scope = text(m, "scope", null, null, false);
            Scope s;
            try {
                // deny by default: a method that does not say who may call it is for administrators
                s = scope == null ? Scope.ADMIN : Scope.of(scope);
            } catch (IllegalArgumentException e) {
                throw bad("method '" + name + "': " + e.getMessage());
            }
            out.add(new PluginManifest.MethodEntry(name, text(m, "description", null, null, false), s));
        }
        return out;
    }

    private static List<String> hooks(JsonNode node) throws PackageException {
        List<String> out = new ArrayList<>();
        for (JsonNode h : array(node, "hooks", 3)) {
            if (!h.isTextual() || !HOOKS.contains(h.asText())) {
                throw bad("'hooks' may hold message.inbound, message.outbound and tool.before, not " + h);
            }
            if (!out.contains(h.asText())) {
                out.add(h.asText());
            }
        }
        return out;
    }

    private static PluginPermissions permissions(JsonNode p) throws PackageException {
        if (p == null) {
            return PluginPermissions.NONE;
        }
        if (!p.isObject()) {
            throw bad("'permissions' must be an object");
        }
        keys(p, "permissions.", "network", "filesystem", "kv", "process");
        JsonNode net = p.path("network");
        JsonNode fs = p.path("filesystem");
        if (!net.isMissingNode()) {
            keys(net, "permissions.network.", "hosts");
        }
        if (!fs.isMissingNode()) {
            keys(fs, "permissions.filesystem.", "read", "write");
        }
        List<String> hosts = new ArrayList<>();
        for (JsonNode h : array(net.get("hosts"), "permissions.network.hosts", 64)) {
            if (!h.isTextual() || !HOST.matcher(h.asText()).matches()) {
                throw bad("permissions.network.hosts: " + h + " is not a host name such as api.example.com or "
                        + "*.example.com");
            }
            hosts.add(h.asText());
        }
        return new PluginPermissions(hosts, paths(fs.get("read"), "read"), paths(fs.get("write"), "write"),
                bool(p, "kv"), bool(p, "process"));
    }

    private static List<String> paths(JsonNode node, String what) throws PackageException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array(node, "permissions.filesystem." + what, 64)) {
            String s = n.isTextual() ? n.asText() : "";
            if (!s.startsWith("/") || s.contains("\0") || s.contains("/../") || s.endsWith("/..")
                    || s.contains("/./")) {
                throw bad("permissions.filesystem." + what + ": " + n + " must be an absolute, normalised path");
            }
            out.add(s);
        }
        return out;
    }

    private static boolean bool(JsonNode p, String key) throws PackageException {
        JsonNode n = p.get(key);
        if (n != null && !n.isBoolean()) {
            throw bad("permissions." + key + " must be true or false");
        }
        return n != null && n.asBoolean();
    }

    private static Iterable<JsonNode> array(JsonNode node, String key, int max) throws PackageException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad("'" + key + "' must be an array");
        }
        if (node.size() > max) {
            throw bad("'" + key + "' has more than " + max + " items");
        }
        return node;
    }

    private static String text(JsonNode obj, String key, Pattern pattern, String form, boolean required)
            throws PackageException {
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                throw bad("'" + key + "' is missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw bad("'" + key + "' must be a string");
        }
        if (pattern != null && !pattern.matcher(n.asText()).matches()) {
            throw bad("'" + key + "' is \"" + n.asText() + "\"; it must be " + form);
        }
        return n.asText();
    }

    private static void keys(JsonNode obj, String prefix, String... allowed) throws PackageException {
        if (!obj.isObject()) {
            throw bad("'" + (prefix.isEmpty() ? "manifest" : prefix) + "' must be an object");
        }
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ok.contains(k)) {
                throw bad("unknown key '" + prefix + k + "'; known keys: " + String.join(", ", allowed));
            }
        }
    }

    private static PackageException bad(String why) {
        return new PackageException(PackageFiles.MANIFEST + " is not valid: " + why);
    }
}
