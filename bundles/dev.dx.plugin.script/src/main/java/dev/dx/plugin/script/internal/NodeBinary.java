package dev.dx.plugin.script.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dx.api.plugin.PluginException;

/**
 * The node executable and what its version supports: the flag that enables the permission model
 * ({@code --experimental-permission} before 22.13, {@code --permission} from then on).
 *
 * @param path    absolute path of the executable
 * @param version what {@code node --version} printed, e.g. {@code v20.20.2}
 * @param major   major version
 * @param minor   minor version
 */
record NodeBinary(Path path, String version, int major, int minor) {
    /** The oldest Node.js with the permission model this runtime relies on. */
    static final int MIN_MAJOR = 20;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.\\d+.*");

    /**
     * A script that exits 0 only if the permission model refuses WASI and workers: releases of Node.js 20 before the
     * WASI fix let a sandboxed process open any file through WASI, so the version number alone is not trusted.
     */
    private static final String PROBE = "for (const f of [() => new (require('wasi').WASI)({version: 'preview1'}),"
            + " () => new (require('worker_threads').Worker)('', {eval: true})]) {"
            + " try { f(); process.exit(3); } catch (e) { if (e.code !== 'ERR_ACCESS_DENIED') process.exit(4); } }";

    /** Finds the executable and asks its version; refuses a missing, too old or leaky one with what to do. */
    static NodeBinary find(String configured) {
        Path exe = resolve(configured);
        String out = run(configured, exe, "--version").output();
        Matcher m = VERSION.matcher(out);
        if (!m.matches()) {
            throw missing(configured, exe + " --version printed '" + out + "', not a Node.js version");
        }
        NodeBinary n = new NodeBinary(exe, out, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (n.major < MIN_MAJOR) {
            throw missing(configured, "it is " + out + "; script plugins need Node.js " + MIN_MAJOR + " or later "
                    + "for its permission model");
        }
        if (run(configured, exe, n.permissionFlag(), "--no-warnings", "-e", PROBE).exit() != 0) {
            throw missing(configured, "it is " + out + ", whose permission model lets a plugin use WASI or workers "
                    + "(fixed in later releases)");
        }
        return n;
    }

    private record Outcome(int exit, String output) {
    }

    private static Outcome run(String configured, Path exe, String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = exe.toString();
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw missing(configured, exe + " " + args[0] + " did not answer within 10 s");
            }
            return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw missing(configured, exe + " cannot be run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Code.UNAVAILABLE, "interrupted while asking node's version");
        }
    }

    /** @return the flag that turns the permission model on */
    String permissionFlag() {
        return major > 22 || (major == 22 && minor >= 13) ? "--permission" : "--experimental-permission";
    }

    /** @return whether the permission model itself also denies network access without --allow-net */
    boolean deniesNetwork() {
        return major >= 25;
    }

    private static Path resolve(String configured) {
        if (configured.contains("/")) {
            Path p = Path.of(configured).toAbsolutePath();
            if (Files.isExecutable(p)) {
                return p;
            }
            throw missing(configured, p + " is not an executable file");
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, configured))) {
                return Path.of(dir, configured).toAbsolutePath();
            }
        }
        throw missing(configured, "'" + configured + "' is not on the PATH");
    }

    private static PluginException missing(String configured, String why) {
        return new PluginException(PluginException.Code.UNAVAILABLE, "Node.js for script plugins is not usable: "
                + why + ". Install Node.js " + MIN_MAJOR + " or later (Debian: apt-get install nodejs) or set nodePath "
                + "in etc/dev.dx.plugin.script.cfg (now '" + configured + "')");
    }
}
