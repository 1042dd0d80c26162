package dev.dx.agent.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.dx.api.rpc.RpcException;

/** The configured agents, and which one answers an inbound route. */
@Component(service = AgentRegistry.class)
public final class AgentRegistry {
    /** The agent that answers when no binding matches. */
    public static final String DEFAULT = "main";

    private final List<Agent> agents = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAgent(Agent a) {
        agents.add(a);
    }

    void removeAgent(Agent a) {
        agents.remove(a);
    }

    /** @return the agent's settings, or NOT_FOUND naming the configured agents */
    public AgentSettings get(String id) {
        for (Agent a : agents) {
            AgentSettings s = a.settings();
            if (s != null && s.id().equals(id)) {
                return s;
            }
        }
        throw RpcException.notFound("No agent '" + id + "'; configured: " + String.join(", ", ids())
                + ". Add one with etc/dev.dx.agent-" + (AgentSettings.ID.matcher(String.valueOf(id)).matches() ? id
                        : "<id>") + ".cfg");
    }

    /** @return every agent's settings, sorted by id */
    public List<AgentSettings> all() {
        List<AgentSettings> l = new ArrayList<>();
        for (Agent a : agents) {
            if (a.settings() != null) {
                l.add(a.settings());
            }
        }
        l.sort(Comparator.comparing(AgentSettings::id));
        return l;
    }

    /**
     * The agent for an inbound route: the binding with the most segments matching a prefix of
     * {@code channel:account:peer} wins; without a match, {@value #DEFAULT}.
     */
    public String route(String channel, String account, String peer) {
        String route = channel + ":" + account + ":" + peer;
        String best = null;
        int bestDepth = -1;
        for (AgentSettings s : all()) {
            for (String b : s.bindings()) {
                int depth = b.split(":").length;
                if ((route.equals(b) || route.startsWith(b + ":")) && depth > bestDepth) {
                    best = s.id();
                    bestDepth = depth;
                }
            }
        }
        return best != null ? best : DEFAULT;
    }

    private List<String> ids() {
        return all().stream().map(AgentSettings::id).toList();
    }
}
