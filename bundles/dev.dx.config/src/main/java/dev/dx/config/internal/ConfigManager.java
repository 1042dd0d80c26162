package dev.dx.config.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.event.Topics;
import dev.dx.config.internal.files.CfgFile;
import dev.dx.config.internal.files.CfgName;
import dev.dx.config.internal.schema.Problem;
import dev.dx.config.internal.schema.SchemaRegistry;
import dev.dx.config.internal.schema.Validator;
import dev.dx.util.fs.DirectoryWatcher;

/**
 * Owns {@code etc/dev.dx.*.cfg}: watches the folder (file system notifications, with a periodic rescan as a safety
 * net), checks each changed file against its component's MetaType and only then hands it to ConfigurationAdmin. A
 * refused file changes nothing: the component keeps its last good configuration, and the refusal — file, key,
 * reason — goes to the log, to {@code status} and out as {@code dx/config/REJECTED}. References such as
 * {@code ${secret:name}} are stored as written; {@link ReferencePlugin} resolves them when a component is configured.
 * A file whose component's bundle is not installed yet cannot be checked and is applied as it is; once the schema
 * appears it is checked, and if invalid, taken back (last good configuration, or defaults) and reported.
 */
@Component(service = ConfigManager.class, immediate = true, configurationPid = ConfigManager.PID)
@Designate(ocd = ConfigManager.Config.class)
public final class ConfigManager {
    static final String PID = "dev.dx.config";
    /** Marks configurations that come from a DX file (private: not a service property). */
    static final String FILE_PROP = ".dx.file";
    /** Bumped to make ConfigurationAdmin deliver a configuration again, e.g. once secrets can be resolved. */
    static final String EPOCH_PROP = ".dx.epoch";
    /** Marks configurations that were checked against their schema when applied (private: not a service property). */
    static final String CHECKED_PROP = ".dx.checked";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigManager.class);

    @ObjectClassDefinition(name = "DX Configuration", description = "How DX reads etc/dev.dx.*.cfg")
    public @interface Config {
        @AttributeDefinition(name = "Rescan interval", min = "200", description = "Milliseconds between full rescans "
                + "of etc/; changes are normally seen at once through file system notifications")
        long rescanMs() default 2000;
    }

    @Reference
    private ConfigurationAdmin configAdmin;
    @Reference
    private SchemaRegistry schemas;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final Map<String, FileState> files = new TreeMap<>();
    /** Files whose configuration was handed to ConfigurationAdmin without a schema to check it against. */
    private final Set<String> unchecked = new HashSet<>();
    /** The last configuration applied after a check, per file: what an invalid unchecked one is replaced with. */
    private final Map<String, Hashtable<String, Object>> lastGood = new HashMap<>();
    private Path dir;
    private DirectoryWatcher watcher;

    @Activate
    void activate(Config config) throws IOException {
        this.dir = Paths.get(System.getProperty("karaf.etc", "etc")).toAbsolutePath();
        // watching before the first scan: an edit made meanwhile is reported, not missed
        watcher = new DirectoryWatcher("dx-config-watcher", "the configuration files in " + dir, () -> List.of(dir),
                timing(config), new DirectoryWatcher.Listener() {
                    @Override
                    public void changed(Set<Path> paths) {
                        for (Path p : paths) {
                            String name = p.getFileName().toString();
                            if (CfgName.of(name) != null) {
                                process(name);
                            }
                        }
                    }

                    @Override
                    public void rescan() {
                        scanAll();
                    }
                });
        scanAll();
        forgetDeletedFiles();
        watcher.start();
    }

    @Modified
    void modified(Config config) {
        watcher.timing(timing(config));
    }

    /** An editor's save is several events a few milliseconds apart: taken together. */
    private static DirectoryWatcher.Timing timing(Config config) {
        return new DirectoryWatcher.Timing(5, config.rescanMs(), Math.min(config.rescanMs(), 1000));
    }

    @Deactivate
    void deactivate() {
        watcher.close();
    }

    /** @return the folder the configuration files live in */
    public Path dir() {
        return dir;
    }

    /** Processes every DX file in the folder and notices deleted ones; unchanged files cost a digest. */
    synchronized void scanAll() {
        Set<String> seen = new HashSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(n -> CfgName.of(n) != null).forEach(n -> {
                seen.add(n);
                process(n);
            });
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.toString());
            return;
        }
        for (String known : new ArrayList<>(files.keySet())) {
            if (!seen.contains(known)) {
                process(known);
            }
        }
        // a file applied before its bundle was installed is checked once the schema appears
        for (String f : new ArrayList<>(unchecked)) {
            CfgName n = CfgName.of(f);
            if (schemas.find(n.pid(), n.factory()) != null) {
                process(f, true);
            }
        }
    }

    /** Reads one file and applies it if it is valid. */
    synchronized void process(String fileName) {
        process(fileName, false);
    }

    /** @param recheck whether to check the file even if its bytes did not change (its schema appeared) */
    private void process(String fileName, boolean recheck) {
        CfgName name = CfgName.of(fileName);
        Path path = dir.resolve(fileName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            removed(name);
            return;
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", path, e.toString());
            return;
        }
        String digest = sha256(bytes);
        FileState previous = files.get(fileName);
        if (!recheck && previous != null && previous.digest().equals(digest)) {
            return;
        }
        Map<String, String> raw;
        try {
            raw = CfgFile.parse(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            reject(name, digest, null, List.of(new Problem(null, "not valid UTF-8 text (is it still being written?)")));
            return;
        } catch (CfgFile.SyntaxError e) {
            reject(name, digest, null, List.of(new Problem(null, e.getMessage())));
            return;
        }
        SchemaRegistry.Schema schema = schemas.find(name.pid(), name.factory());
        Validator.Result result = Validator.check(schema, raw, System::getenv);
        if (!result.valid()) {
            reject(name, digest, raw, result.problems());
            if (schema != null && unchecked.contains(fileName)) {
                withdraw(name);
            }
            return;
        }
        try {
            Configuration c = configuration(name);
            Dictionary<String, Object> current = c.getProperties();
            Hashtable<String, Object> props = new Hashtable<>(result.values());
            props.put(FILE_PROP, fileName);
            if (current != null && current.get(EPOCH_PROP) != null) {
                props.put(EPOCH_PROP, current.get(EPOCH_PROP));
            }
            if (schema != null) {
                props.put(CHECKED_PROP, Boolean.TRUE);
            } else if (current != null && Boolean.TRUE.equals(current.get(CHECKED_PROP))) {
                // what to return to if the schema, once it appears, refuses this file (e.g. kept from the last run)
                lastGood.putIfAbsent(fileName, copy(current));
            }
            boolean changed = c.updateIfDifferent(props);
            files.put(fileName, new FileState(name, digest, raw, List.of(), schema != null));
            if (schema == null) {
                unchecked.add(fileName);
                LOG.info("Applied {} without checking it: no installed bundle declares the configuration {} yet",
                        fileName, name.pid());
            } else {
                unchecked.remove(fileName);
                lastGood.put(fileName, props);
                LOG.debug("Applied {} ({})", fileName, changed ? "changed" : "unchanged");
            }
            if (changed) {
                post(Topics.CONFIG_CHANGED, Map.of("pid", name.configPid(), "file", "etc/" + fileName,
                        "keys", List.copyOf(raw.keySet())));
            }
        } catch (IOException e) {
            reject(name, digest, raw, List.of(new Problem(null, "ConfigurationAdmin refused it: " + e.getMessage())));
        }
    }

    private void reject(CfgName name, String digest, Map<String, String> raw, List<Problem> problems) {
        files.put(name.fileName(), new FileState(name, digest, raw, List.copyOf(problems), false));
        Problem first = problems.get(0);
        LOG.warn("Refused etc/{}: {}. The last good configuration of {} stays in force.", name.fileName(),
                problems.stream().map(Problem::toString).reduce((a, b) -> a + "; " + b).orElse(""), name.configPid());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pid", name.configPid());
        payload.put("file", "etc/" + name.fileName());
        payload.put("key", first.key() == null ? "" : first.key());
        payload.put("reason", first.reason());
        payload.put("problems", problems.stream().map(Problem::toString).toList());
        post(Topics.CONFIG_REJECTED, payload);
    }

    /**
     * Takes back a configuration that was applied before its schema was known and turned out invalid once it was:
     * the component returns to its last good configuration, or, having none, to its defaults.
     */
    private void withdraw(CfgName name) {
        String fileName = name.fileName();
        unchecked.remove(fileName);
        Hashtable<String, Object> good = lastGood.get(fileName);
        try {
            Configuration c = configuration(name);
            if (good != null) {
                c.update(good);
            } else {
                c.delete();
            }
            LOG.warn("etc/{} had been applied before a bundle declared {}; now that it is known to be invalid, {} runs "
                    + "on its {}", fileName, name.pid(), name.configPid(), good != null ? "last good configuration"
                            : "defaults");
        } catch (IOException e) {
            LOG.warn("Cannot take back the unchecked configuration of etc/{}: {}", fileName, e.toString());
        }
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (String k : Collections.list(d.keys())) {
            h.put(k, d.get(k));
        }
        return h;
    }

    private void removed(CfgName name) {
        unchecked.remove(name.fileName());
        lastGood.remove(name.fileName());
        FileState previous = files.remove(name.fileName());
        if (previous == null) {
            return;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + FILE_PROP + "=" + name.fileName() + ")");
            for (Configuration c : found == null ? new Configuration[0] : found) {
                c.delete();
            }
            LOG.info("etc/{} was removed; configuration {} deleted", name.fileName(), name.configPid());
            post(Topics.CONFIG_CHANGED, Map.of("pid", name.configPid(), "file", "etc/" + name.fileName(), "keys",
                    List.of(), "deleted", true));
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Cannot delete the configuration of removed etc/{}: {}", name.fileName(), e.toString());
        }
    }

    /** Deletes configurations whose file disappeared while DX was not running. */
    private synchronized void forgetDeletedFiles() {
        try {
            Configuration[] all = configAdmin.listConfigurations("(" + FILE_PROP + "=*)");
            for (Configuration c : all == null ? new Configuration[0] : all) {
                Object f = c.getProperties().get(FILE_PROP);
                if (f instanceof String && !files.containsKey(f) && !Files.exists(dir.resolve((String) f))) {
                    LOG.info("etc/{} no longer exists; deleting configuration {}", f, c.getPid());
                    c.delete();
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Cannot check for removed configuration files: {}", e.toString());
        }
    }

    Configuration configuration(CfgName name) throws IOException {
        return name.factory() ? configAdmin.getFactoryConfiguration(name.pid(), name.name(), "?")
                : configAdmin.getConfiguration(name.pid(), "?");
    }

    /** Makes ConfigurationAdmin deliver again every configuration that refers to a secret. */
    synchronized void redeliverSecretReferences() {
        for (FileState s : files.values()) {
            if (!s.applied() || s.raw() == null || s.raw().values().stream().noneMatch(References::hasSecret)) {
                continue;
            }
            try {
                Configuration c = configuration(s.name());
                Dictionary<String, Object> props = c.getProperties();
                if (props != null) {
                    props.put(EPOCH_PROP, System.nanoTime());
                    c.update(props);
                }
            } catch (IOException e) {
                LOG.warn("Cannot refresh {} after the secret store was unlocked: {}", s.name().configPid(), e.toString());
            }
        }
    }

    /** @return a copy of what is known about every DX configuration file */
    public synchronized List<FileState> states() {
        return List.copyOf(files.values());
    }

    /** @return a digest of every DX configuration file's bytes: changes whenever any file changes */
    public synchronized String hash() {
        StringBuilder sb = new StringBuilder();
        files.forEach((f, s) -> sb.append(f).append(':').append(s.digest()).append('\n'));
        return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @return the problems of refused files, as {file, pid, key, reason} */
    public synchronized List<Map<String, Object>> problems() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FileState s : files.values()) {
            for (Problem p : s.problems()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", "etc/" + s.name().fileName());
                m.put("pid", s.name().configPid());
                m.put("key", p.key() == null ? "" : p.key());
                m.put("reason", p.reason());
                out.add(m);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the schema registry, for the methods that expose schemas */
    public SchemaRegistry schemas() {
        return schemas;
    }

    private void post(String topic, Map<String, Object> payload) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, Map.of(Topics.PAYLOAD, payload)));
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
