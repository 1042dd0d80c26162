package dev.dx.plugin.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.dx.api.plugin.PluginManifest;
import dev.dx.plugin.internal.pkg.Installer;

/** How plugins look to the outside: list rows, details, and the payload of {@code dx/plugin/CHANGED}. */
final class PluginViews {
    private PluginViews() {
    }

    /**
     * A state change, as published and as returned by install.
     *
     * @param id      the plugin id, or empty for a package refused before its manifest was read
     * @param version the version of the newest package, or empty
     * @param state   active, disabled, waiting, denied, failed, refused or uninstalled
     * @param health  ok, degraded or disabled
     * @param source  the package's file name
     * @param problem what is wrong and what to do, or {@code null}
     */
    record Change(String id, String version, String state, String health, String source, String problem) {
        Map<String, Object> payload() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("version", version);
            m.put("state", state);
            m.put("health", health);
            m.put("source", source);
            m.put("problem", problem);
            return m;
        }
    }

    static Change change(PluginEntry e) {
        Installer.Installed pkg = e.pkg;
        return new Change(e.id, pkg == null ? "" : pkg.manifest().version(), e.state.name().toLowerCase(Locale.ROOT),
                health(e), name(e.source), e.problem);
    }

    static Change refused(Path source, String why) {
        return new Change("", "", "refused", "disabled", name(source), why);
    }

    static Change removed(String id, Path source) {
        return new Change(id == null ? "" : id, "", "uninstalled", "disabled", name(source), null);
    }

    static String health(PluginEntry e) {
        if (e.state != PluginEntry.State.ACTIVE) {
            return "disabled";
        }
        return e.problem != null || e.health.inARow() > 0 ? "degraded" : "ok";
    }

    /** A row of {@code plugins.list}. */
    static Map<String, Object> summary(PluginEntry e) {
        Map<String, Object> m = change(e).payload();
        Generation g = e.current;
        m.put("running", g == null ? null : g.pkg.manifest().version());
        m.put("type", e.pkg == null ? "" : e.pkg.manifest().type());
        m.put("description", e.pkg == null ? "" : e.pkg.manifest().description());
        // switched off on purpose is not something to fix; everything else not running as installed is
        m.put("attention", e.problem != null && !(e.state == PluginEntry.State.DISABLED && e.disabledReason == null));
        m.putAll(e.health.view());
        return m;
    }

    /** {@code plugin:info}: the summary, what the plugin provides and requests, its grant and runtime figures. */
    static Map<String, Object> detail(PluginEntry e, Grant grant) {
        Map<String, Object> m = summary(e);
        Installer.Installed pkg = e.pkg;
        if (pkg != null) {
            PluginManifest man = pkg.manifest();
            m.put("signedBy", pkg.verified().keyId() + (pkg.verified().keyComment().isEmpty() ? ""
                    : " (" + pkg.verified().keyComment() + ")"));
            m.put("digest", pkg.digest());
            m.put("tools", man.tools().stream().map(PluginManifest.ToolEntry::name).toList());
            m.put("methods", man.methods().stream().map(x -> "plugin." + e.id + "." + x.name() + " (" + x.scope().id()
                    + ")").toList());
            m.put("hooks", man.hooks());
            m.put("requests", man.permissions());
        }
        m.put("granted", grant);
        m.put("callTimeoutMs", e.timeout.toMillis());
        Generation g = e.current;
        if (g != null) {
            m.put("runtime", g.loaded.status());
        }
        return m;
    }

    private static String name(Path source) {
        return source == null ? "" : source.getFileName().toString();
    }
}
