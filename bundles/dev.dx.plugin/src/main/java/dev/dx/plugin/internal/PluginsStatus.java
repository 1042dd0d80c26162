package dev.dx.plugin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.status.StatusContributor;
import dev.dx.plugin.internal.pkg.TrustedKeys;

/** The {@code plugins} section of {@code status}: counts, and every plugin that is not running as it should. */
@Component(service = StatusContributor.class)
public final class PluginsStatus implements StatusContributor {
    @Reference
    private PluginManager manager;

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public Map<String, Object> status() {
        Operations ops = manager.operations();
        List<String> problems = new ArrayList<>();
        int active = 0;
        List<Map<String, Object>> plugins = new ArrayList<>();
        for (Map<String, Object> p : ops.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.get("id"));
            row.put("version", p.get("version"));
            row.put("state", p.get("state"));
            row.put("health", p.get("health"));
            plugins.add(row);
            if ("active".equals(p.get("state"))) {
                active++;
            }
            if (p.get("problem") != null && !Boolean.FALSE.equals(p.get("attention"))) {
                String who = String.valueOf(p.get("id")).isEmpty() ? "deploy/" + p.get("source") : "plugin " + p.get("id");
                problems.add(who + ": " + p.get("problem"));
            }
        }
        for (String k : TrustedKeys.load(ops.trustDir()).problems()) {
            problems.add("etc/dx-trusted-keys/" + k);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", problems.isEmpty() ? "ok" : "degraded");
        m.put("installed", plugins.size());
        m.put("active", active);
        m.put("plugins", plugins);
        if (!problems.isEmpty()) {
            m.put("problems", problems);
        }
        return m;
    }
}
