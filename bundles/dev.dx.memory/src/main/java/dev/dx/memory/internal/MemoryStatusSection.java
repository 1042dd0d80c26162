package dev.dx.memory.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryStatus;
import dev.dx.api.memory.MemoryStore;
import dev.dx.api.status.StatusContributor;

/** The {@code memory} section of {@code status}. */
@Component
public final class MemoryStatusSection implements StatusContributor {
    @Reference
    private MemoryStore memory;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        try {
            MemoryStatus m = memory.status();
            s.put("state", m.state());
            s.put("documents", m.documents());
            s.put("files", m.files());
            s.put("chunks", m.chunks());
            s.put("queued", m.queued());
            s.put("embedder", m.embedder());
            s.put("vectorsReady", m.vectorsReady());
            s.put("progress", m.progress());
            if (!m.problems().isEmpty()) {
                s.put("problems", m.problems());
            }
        } catch (RuntimeException e) {
            s.put("state", "degraded");
            s.put("problems", java.util.List.of("The memory cannot report its status: " + e.getMessage()));
        }
        return s;
    }
}
