package dev.dx.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where a DX installation keeps its configuration and state, found the way Karaf's scripts find them: {@code bin/dx}
 * exports {@code KARAF_HOME} (the folder holding {@code bin/}); {@code KARAF_BASE}, {@code KARAF_ETC} and
 * {@code KARAF_DATA} override as they do for Karaf. Without {@code KARAF_HOME}: {@code DX_HOME}, then {@code ~/.dx}.
 *
 * @param home the distribution home
 * @param etc  the configuration folder
 * @param data the state folder
 */
record DxHome(Path home, Path etc, Path data) {

    /**
     * Resolves the folders from environment variables.
     *
     * @throws CliException (exit 2) when no home can be determined
     */
    static DxHome from(Map<String, String> env) throws CliException {
        Path home = path(env, "KARAF_HOME");
        if (home == null) {
            home = path(env, "DX_HOME");
        }
        if (home == null) {
            Path userHome = path(env, "HOME");
            if (userHome == null) {
                throw CliException.usage("cannot tell where DX is installed: run bin/dx from the installation, "
                        + "or set DX_HOME");
            }
            home = userHome.resolve(".dx");
        }
        Path base = path(env, "KARAF_BASE");
        if (base == null) {
            base = home;
        }
        Path etc = path(env, "KARAF_ETC");
        Path data = path(env, "KARAF_DATA");
        return new DxHome(home, etc != null ? etc : base.resolve("etc"), data != null ? data : base.resolve("data"));
    }

    /** @return {@code etc/dev.dx.gateway.cfg}, which holds the gateway's port and address */
    Path gatewayConfig() {
        return etc.resolve("dev.dx.gateway.cfg");
    }

    /** @return the file in which the gateway keeps the owner token */
    Path tokenFile() {
        return data.resolve("dx").resolve("gateway").resolve("gateway.token");
    }

    private static Path path(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : Paths.get(v).toAbsolutePath().normalize();
    }
}
