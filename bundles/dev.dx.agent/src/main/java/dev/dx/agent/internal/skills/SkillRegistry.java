package dev.dx.agent.internal.skills;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import dev.dx.agent.internal.AgentSettings;

/**
 * Skills from the agent's workspace {@code skills/} and the shared {@code ${karaf.home}/skills}. A SKILL.md is read
 * again whenever it changes (its modification time), and each skill is checked against its requirements — programs on
 * the PATH, environment variables, operating system — so only skills that can work are offered to the model.
 */
@Component(service = SkillRegistry.class)
public final class SkillRegistry {
    private static final long MAX_SKILL_BYTES = 256 * 1024;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long modified, Skill skill) {
    }

    /** @return every skill visible to the agent, eligible or not, workspace skills shadowing shared ones by name */
    public List<Skill> all(AgentSettings agent) {
        Map<String, Skill> byName = new java.util.LinkedHashMap<>();
        scan(agent.workspace().resolve("skills"), "workspace", byName);
        scan(Paths.get(System.getProperty("karaf.home", "."), "skills"), "shared", byName);
        List<Skill> out = new ArrayList<>();
        for (Skill s : byName.values()) {
            if (agent.skills().isEmpty() || agent.skills().contains(s.name())) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(Skill::name));
        return out;
    }

    /** @return the skills the agent may use now */
    public List<Skill> eligible(AgentSettings agent) {
        return all(agent).stream().filter(Skill::eligible).toList();
    }

    private void scan(Path root, String source, Map<String, Skill> byName) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Path file = dir.resolve("SKILL.md");
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Skill s = load(file, source);
                    if (s != null) {
                        byName.putIfAbsent(s.name(), s);
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable skills folder offers no skills
        }
    }

    private Skill load(Path file, String source) {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            Cached c = cache.get(file);
            if (c != null && c.modified() == modified) {
                return c.skill();
            }
            if (Files.size(file) > MAX_SKILL_BYTES) {
                return null;
            }
            Map<String, Object> fm = FrontMatter.parse(Files.readString(file, StandardCharsets.UTF_8));
            String name = String.valueOf(fm.getOrDefault("name", file.getParent().getFileName().toString()));
            String description = String.valueOf(fm.getOrDefault("description", ""));
            List<String> bins = FrontMatter.list(fm, "requires", "bins");
            List<String> env = FrontMatter.list(fm, "requires", "env");
            List<String> os = FrontMatter.list(fm, "requires", "os");
            Skill s = new Skill(name, description, file, source, bins, env, os, missing(bins, env, os));
            cache.put(file, new Cached(modified, s));
            return s;
        } catch (IOException e) {
            return null;
        }
    }

    static List<String> missing(List<String> bins, List<String> env, List<String> os) {
        List<String> missing = new ArrayList<>();
        for (String b : bins) {
            if (!onPath(b)) {
                missing.add("program '" + b + "' not found on the PATH");
            }
        }
        for (String e : env) {
            String v = System.getenv(e);
            if (v == null || v.isEmpty()) {
                missing.add("environment variable " + e + " not set");
            }
        }
        String current = currentOs();
        if (!os.isEmpty() && os.stream().noneMatch(o -> o.equalsIgnoreCase(current))) {
            missing.add("runs on " + String.join(", ", os) + ", not " + current);
        }
        return List.copyOf(missing);
    }

    static String currentOs() {
        String n = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return n.contains("mac") ? "darwin" : n.contains("win") ? "windows" : "linux";
    }

    private static boolean onPath(String bin) {
        if (bin.contains("/")) {
            return false;
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path p = Paths.get(dir, bin);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }
}
