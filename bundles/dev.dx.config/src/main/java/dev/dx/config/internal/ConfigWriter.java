package dev.dx.config.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.config.internal.files.CfgBatch;
import dev.dx.config.internal.files.CfgFile;
import dev.dx.config.internal.files.CfgName;
import dev.dx.config.internal.schema.Problem;
import dev.dx.config.internal.schema.SchemaRegistry;
import dev.dx.config.internal.schema.Validator;

/**
 * Changes configuration on behalf of {@code config.set} and {@code config.patch}: validates every change first, then
 * rewrites the files all or nothing (comments and order kept) and applies them before returning. A stale
 * {@code baseHash} is a {@code CONFLICT}; secrets are refused in clear — they belong in the secret store, referenced
 * as {@code ${secret:name}}.
 */
@Component(service = ConfigWriter.class)
public final class ConfigWriter {
    @Reference
    private ConfigManager manager;

    /**
     * Applies a JSON merge patch per configuration PID.
     *
     * @param changes  configuration PID → key → new value ({@code null} removes the key)
     * @param baseHash the {@code hash} of {@code config.get} this patch was made against, or {@code null}
     * @return the PIDs written
     */
    public List<String> patch(Map<String, Map<String, Object>> changes, String baseHash) {
        if (changes == null || changes.isEmpty()) {
            throw RpcException.invalidParams("Nothing to change: give at least one PID with keys");
        }
        synchronized (manager) {
            String current = manager.hash();
            if (baseHash != null && !baseHash.equals(current)) {
                throw new RpcException(ErrorCode.CONFLICT, "The configuration changed since it was read (baseHash is "
                        + "stale); read it again with config.get and reapply your change");
            }
            Map<Path, String> writes = new LinkedHashMap<>();
            Map<Path, String> names = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, Map<String, Object>> e : changes.entrySet()) {
                prepare(e.getKey(), e.getValue(), writes, names, problems);
            }
            if (!problems.isEmpty()) {
                throw RpcException.invalidParams("Nothing was changed: " + String.join("; ", problems));
            }
            try {
                CfgBatch.replaceAll(writes, CfgBatch.ATOMIC);
            } catch (IOException ex) {
                throw new RpcException(ErrorCode.UNAVAILABLE, "Could not write " + names.values().stream()
                        .map(n -> "etc/" + n).collect(Collectors.joining(", ")) + (ex.getSuppressed().length == 0
                                ? "; nothing was changed" : "; putting back the files already replaced failed too, "
                                        + "check them") + ". Check that etc/ is writable.", ex);
            }
            // the watcher waits for this lock, so it sees the files only once all of them are in place
            names.values().forEach(manager::process);
            return changes.keySet().stream().sorted().toList();
        }
    }

    private void prepare(String configPid, Map<String, Object> edits, Map<Path, String> writes, Map<Path, String> names,
            List<String> problems) {
        CfgName name = configPid == null ? null : CfgName.of(CfgName.fileFor(configPid));
        if (name == null) {
            problems.add("'" + configPid + "' is not a DX configuration (dev.dx.<name>, or dev.dx.<factory>~<name> "
                    + "for factory configurations)");
            return;
        }
        if (edits == null || edits.isEmpty()) {
            problems.add(configPid + ": no keys given");
            return;
        }
        Path file = manager.dir().resolve(name.fileName());
        String text;
        Map<String, String> raw;
        try {
            boolean exists = Files.exists(file);
            text = exists ? Files.readString(file, StandardCharsets.UTF_8)
                    : "# " + name.configPid() + " — config.schema describes every key\n";
            raw = exists ? CfgFile.parse(text) : new LinkedHashMap<>();
        } catch (CfgFile.SyntaxError ex) {
            problems.add("etc/" + name.fileName() + " cannot be read (" + ex.getMessage() + "); fix it by hand first");
            return;
        } catch (IOException ex) {
            problems.add("etc/" + name.fileName() + " cannot be read: " + ex.getMessage());
            return;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> kv : edits.entrySet()) {
            String key = kv.getKey();
            if (!key.matches("[A-Za-z0-9_.\\-]+")) {
                problems.add(configPid + ": '" + key + "' is not a valid key");
                continue;
            }
            String value = kv.getValue() == null ? null : toRaw(configPid, key, kv.getValue(), problems);
            changes.put(key, value);
            if (value == null) {
                raw.remove(key);
            } else {
                raw.put(key, value);
            }
        }
        SchemaRegistry.Schema schema = manager.schemas().find(name.pid(), name.factory());
        ObjectClassDefinition ocd = schema == null ? null : schema.ocd();
        for (Problem p : Validator.check(schema, raw, System::getenv).problems()) {
            problems.add("etc/" + name.fileName() + ": " + p);
        }
        if (ocd != null) {
            AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
                String v = changes.get(ad.getID());
                if (ad.getType() == AttributeDefinition.PASSWORD && v != null && !v.isEmpty()
                        && !References.REF.matcher(v).matches()) {
                    problems.add(configPid + ": '" + ad.getID() + "' is a secret; store it with secrets.set and write "
                            + "${secret:<name>} here, so it is never on disk in clear");
                }
            }
        }
        writes.put(file, CfgFile.edit(text, changes));
        names.put(file, name.fileName());
    }

    private static String toRaw(String pid, String key, Object v, List<String> problems) {
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Collection) {
            Collection<?> c = (Collection<?>) v;
            if (c.stream().allMatch(x -> (x instanceof String || x instanceof Number || x instanceof Boolean)
                    && !x.toString().contains(","))) {
                return c.stream().map(Object::toString).collect(Collectors.joining(","));
            }
        }
        problems.add(pid + ": '" + key + "' must be a string, number, boolean or a list of them (without commas)");
        return null;
    }
}
