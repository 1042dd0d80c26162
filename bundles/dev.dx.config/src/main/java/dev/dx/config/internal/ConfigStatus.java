package dev.dx.config.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.status.StatusContributor;

/** The {@code config} section of {@code status}: how many files, and every refused one with its reason. */
@Component
public final class ConfigStatus implements StatusContributor {
    @Reference
    private ConfigManager manager;

    @Override
    public String name() {
        return "config";
    }

    @Override
    public Map<String, Object> status() {
        List<Map<String, Object>> problems = manager.problems();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", problems.isEmpty() ? "ok" : "degraded");
        s.put("files", manager.states().size());
        s.put("hash", manager.hash());
        if (!problems.isEmpty()) {
            s.put("problems", problems);
        }
        return s;
    }
}
