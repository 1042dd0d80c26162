package dev.dx.agent.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolName;

/**
 * The tool whiteboard as agents see it: every {@link Tool} service by name, the first registered winning when two
 * claim a name, filtered per agent by its allow and deny lists.
 */
@Component(service = ToolCatalog.class)
public final class ToolCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);

    /** A registered tool. */
    public record Entry(String name, long serviceId, Tool tool) {
    }

    private final Map<Long, Entry> byService = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTool(Tool tool, Map<String, Object> props) {
        Object name = props.get(ToolName.PROPERTY);
        long id = (Long) props.get(Constants.SERVICE_ID);
        String n = name instanceof String ? (String) name : safeName(tool);
        if (n == null) {
            LOG.warn("Tool service {} ignored: it has no {} property and no valid spec", id, ToolName.PROPERTY);
            return;
        }
        byService.put(id, new Entry(n, id, tool));
    }

    void removeTool(Tool tool, Map<String, Object> props) {
        byService.remove((Long) props.get(Constants.SERVICE_ID));
    }

    /** @return the tool serving {@code name} now, or {@code null} */
    public Entry get(String name) {
        for (Entry e : byService.values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** @return the tools an agent may use, one per name, sorted by name */
    public List<Entry> forAgent(AgentSettings agent) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : byService.values()) {
            if (agent.allows(e.name()) && out.stream().noneMatch(x -> x.name().equals(e.name()))) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }

    /** @return every tool, one per name */
    public List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : byService.values()) {
            if (out.stream().noneMatch(x -> x.name().equals(e.name()))) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }

    private static String safeName(Tool tool) {
        try {
            return tool.spec().name();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
