package dev.dx.memory.internal.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Finds the memory files of the agent workspaces under the configured roots. */
public final class MemoryFiles {
    /** The long-term memory file of a workspace. */
    public static final String MEMORY_MD = "MEMORY.md";
    /** The folder of dated and topical notes. */
    public static final String MEMORY_DIR = "memory";
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}");

    private final List<Path> roots;

    /** @param roots folders whose sub-folders are agent workspaces */
    public MemoryFiles(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** @return the roots */
    public List<Path> roots() {
        return roots;
    }

    /** @return every memory file now on disk, by document id (the first root wins on a clash) */
    public Map<String, MemoryFile> scan() {
        Map<String, MemoryFile> found = new LinkedHashMap<>();
        for (Path root : roots) {
            for (Path agentDir : children(root, true)) {
                String agent = agentDir.getFileName().toString();
                if (!AGENT.matcher(agent).matches()) {
                    continue;
                }
                Path memoryMd = agentDir.resolve(MEMORY_MD);
                if (Files.isRegularFile(memoryMd)) {
                    found.putIfAbsent(new MemoryFile(agent, MEMORY_MD, memoryMd).id(),
                            new MemoryFile(agent, MEMORY_MD, memoryMd));
                }
                for (Path note : children(agentDir.resolve(MEMORY_DIR), false)) {
                    MemoryFile f = classify(note);
                    if (f != null) {
                        found.putIfAbsent(f.id(), f);
                    }
                }
            }
        }
        return found;
    }

    /**
     * @param file a path reported by the file watcher
     * @return the memory file it is (whether or not it still exists), or {@code null} if it is none
     */
    public MemoryFile classify(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Path root : roots) {
            Path r = root.toAbsolutePath().normalize();
            if (!abs.startsWith(r)) {
                continue;
            }
            Path rel = r.relativize(abs);
            if (rel.getNameCount() < 2 || !AGENT.matcher(rel.getName(0).toString()).matches()) {
                return null;
            }
            String agent = rel.getName(0).toString();
            if (rel.getNameCount() == 2 && rel.getName(1).toString().equals(MEMORY_MD)) {
                return new MemoryFile(agent, MEMORY_MD, abs);
            }
            String name = rel.getFileName().toString();
            if (rel.getNameCount() == 3 && rel.getName(1).toString().equals(MEMORY_DIR) && name.endsWith(".md")
                    && !name.startsWith(".")) {
                return new MemoryFile(agent, MEMORY_DIR + "/" + name, abs);
            }
            return null;
        }
        return null;
    }

    /** @return the folders to watch: roots, agent workspaces, their memory folders (those that exist) */
    public List<Path> watchedDirs() {
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            dirs.add(root);
            for (Path agentDir : children(root, true)) {
                dirs.add(agentDir);
                Path mem = agentDir.resolve(MEMORY_DIR);
                if (Files.isDirectory(mem)) {
                    dirs.add(mem);
                }
            }
        }
        return dirs;
    }

    private static List<Path> children(Path dir, boolean directories) {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (directories ? Files.isDirectory(p) : Files.isRegularFile(p)) {
                    result.add(p);
                }
            }
        } catch (IOException e) {
            // a folder that vanished or cannot be read has no memory files; the next rescan tries again
            return result;
        }
        result.sort(null);
        return result;
    }
}
