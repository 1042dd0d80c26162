package dev.dx.approval.internal.rules;

import java.nio.file.Path;

/**
 * A program as the approval service sees it.
 *
 * @param given    {@code argv[0]} as the caller wrote it
 * @param path     the absolute, normalised path, or {@code null} if a bare name was not found on the search path
 * @param trusted  whether the program lies in a search-path folder, so rules may name it without a path
 * @param name     the file name of {@code path} (or of {@code given})
 * @param realName the file name after following symbolic links, or {@code null} when it cannot be read
 */
public record Resolved(String given, Path path, boolean trusted, String name, String realName) {
    /** @return the absolute path as text, or {@code null} */
    public String pathText() {
        return path == null ? null : path.toString();
    }

    /** @return whether this program is a shell or launcher under its own name or the file it links to */
    public boolean launcher() {
        return Launchers.is(name) || (realName != null && Launchers.is(realName));
    }
}
