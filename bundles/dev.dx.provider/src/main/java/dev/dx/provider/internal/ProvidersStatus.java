package dev.dx.provider.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.status.StatusContributor;

/** The {@code providers} section of {@code status}: how many providers, which work, and how to get one. */
@Component
public final class ProvidersStatus implements StatusContributor {
    @Reference
    private ProviderDirectory directory;

    @Override
    public String name() {
        return "providers";
    }

    @Override
    public Map<String, Object> status() {
        List<ProviderDirectory.Entry> all = directory.list();
        long available = all.stream().filter(ProviderDirectory.Entry::available).count();
        List<String> problems = directory.problems(all);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", all.isEmpty() ? "none" : problems.isEmpty() ? "ok" : "degraded");
        s.put("providers", all.size());
        s.put("available", available);
        s.put("ids", all.stream().map(ProviderDirectory.Entry::id).toList());
        if (all.isEmpty()) {
            s.put("hint", ProviderDirectory.HOW_TO_CONFIGURE);
        }
        if (!problems.isEmpty()) {
            s.put("problems", problems);
        }
        return s;
    }
}
