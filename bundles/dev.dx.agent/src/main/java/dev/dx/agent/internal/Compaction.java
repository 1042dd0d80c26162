package dev.dx.agent.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.run.ModelCaller;
import dev.dx.api.model.ModelCall;
import dev.dx.api.session.Session;

/** Compaction on request ({@code sessions.compact}), with the same model chain and rules as during a turn. */
@Component(service = Compaction.class)
public final class Compaction {
    @Reference
    private RunManager runs;

    /** @return whether anything was compacted */
    public boolean compactNow(Session s) {
        Turn.Deps d = runs.deps();
        AgentSettings agent = d.agents().get(s.agentId());
        return d.compactor().compact(agent, s.key(), d.store().context(s.key()), new ModelCaller.Hooks() {
            @Override
            public void current(ModelCall call) {
                // not abortable from outside; the model timeout bounds it
            }

            @Override
            public boolean aborted() {
                return false;
            }

            @Override
            public void discarded(String why) {
                // nothing was streamed to anyone
            }
        });
    }
}
