package dev.dx.approval.internal.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.event.Topics;

/**
 * Posts {@code dx/approval/*}. The gateway relays them only to clients holding the {@code approvals} scope; even so
 * they carry environment variable names, never values. Without EventAdmin nothing is posted and decisions go on.
 */
public final class ApprovalEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalEvents.class);

    private final Supplier<EventAdmin> admin;

    public ApprovalEvents(Supplier<EventAdmin> admin) {
        this.admin = admin;
    }

    void requested(Pending p) {
        post(Topics.APPROVAL_REQUESTED, p.view());
    }

    /**
     * @param decision {@code allow-once}, {@code allow-always}, {@code deny}, or {@code rule}, {@code mode},
     *                 {@code fallback} for decisions nobody was asked about
     */
    public void resolved(String id, boolean allowed, String decision, String decidedBy, String reason, String ruleId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("allowed", allowed);
        m.put("decision", decision);
        m.put("decidedBy", decidedBy);
        if (reason != null) {
            m.put("reason", reason);
        }
        if (ruleId != null) {
            m.put("ruleId", ruleId);
        }
        post(Topics.APPROVAL_RESOLVED, m);
    }

    private void post(String topic, Map<String, Object> payload) {
        EventAdmin ea = admin.get();
        if (ea == null) {
            return;
        }
        try {
            ea.postEvent(new Event(topic, Map.of(Topics.PAYLOAD, payload)));
        } catch (RuntimeException e) {
            // EventAdmin going away while we post; the decision itself is stored
            LOG.debug("Event {} not posted: {}", topic, e.toString());
        }
    }
}
