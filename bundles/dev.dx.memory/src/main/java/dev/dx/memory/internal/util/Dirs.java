package dev.dx.memory.internal.util;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the memory keeps its files: under {@code ${karaf.data}/dx/} and {@code ${karaf.home}/workspace/}. */
public final class Dirs {
    private Dirs() {
    }

    /** @return {@code ${karaf.data}/dx}, or {@code ./data/dx} outside Karaf */
    public static Path dataDx() {
        return Paths.get(System.getProperty("karaf.data", "data")).toAbsolutePath().resolve("dx");
    }

    /** @return {@code ${karaf.home}/workspace}, or {@code ./workspace} outside Karaf */
    public static Path workspace() {
        return Paths.get(System.getProperty("karaf.home", ".")).toAbsolutePath().normalize().resolve("workspace");
    }

    /**
     * @param configured a configured path, possibly empty or relative
     * @param fallback   what an empty value means
     * @return the absolute path; relative paths are taken from {@code ${karaf.home}}
     */
    public static Path resolve(String configured, Path fallback) {
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        Path p = Paths.get(configured.strip());
        return p.isAbsolute() ? p : Paths.get(System.getProperty("karaf.home", ".")).toAbsolutePath().normalize().resolve(p);
    }
}
