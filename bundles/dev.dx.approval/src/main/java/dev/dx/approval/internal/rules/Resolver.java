package dev.dx.approval.internal.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the program a command would run. A bare name is looked up in the configured search path only — never in the
 * request's own {@code PATH}, which the model may have set — and a name with a slash is taken relative to the working
 * directory. Only programs inside a search-path folder are "trusted", which is what lets a rule name them without a
 * path: a {@code git} script in the workspace is not {@code git}.
 */
public final class Resolver {
    private final List<Path> searchPath;

    /** @param searchPath absolute folders, in lookup order */
    public Resolver(List<String> searchPath) {
        List<Path> dirs = new ArrayList<>();
        for (String d : searchPath) {
            Path p = Paths.get(d.trim());
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("searchPath in etc/dev.dx.approval.cfg must hold absolute folders, "
                        + "got '" + d + "'");
            }
            dirs.add(p.normalize());
        }
        this.searchPath = List.copyOf(dirs);
    }

    /** @return where {@code argv0} leads when run in {@code cwd} */
    public Resolved resolve(String argv0, String cwd) {
        try {
            if (argv0.indexOf('/') < 0) {
                for (Path dir : searchPath) {
                    Path candidate = dir.resolve(argv0).normalize();
                    if (candidate.getParent() != null && candidate.getParent().equals(dir)
                            && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return of(argv0, candidate, true);
                    }
                }
                return new Resolved(argv0, null, false, argv0, null);
            }
            Path p = Paths.get(cwd).resolve(argv0).normalize();
            return of(argv0, p, p.getParent() != null && searchPath.contains(p.getParent()));
        } catch (InvalidPathException e) {
            return new Resolved(argv0, null, false, argv0.substring(argv0.lastIndexOf('/') + 1), null);
        }
    }

    private static Resolved of(String given, Path path, boolean trusted) {
        String realName = null;
        try {
            Path real = path.toRealPath();
            realName = real.getFileName() == null ? null : real.getFileName().toString();
        } catch (IOException | SecurityException e) {
            // a program that does not exist (yet) cannot be a link to a launcher
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return new Resolved(given, path, trusted, name, realName);
    }
}
