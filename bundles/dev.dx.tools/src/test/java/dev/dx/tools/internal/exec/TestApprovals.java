package dev.dx.tools.internal.exec;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dx.api.approval.ExecApprovals;
import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;

/** An approval service written for the tests: it records what it was asked, approved and claimed. */
final class TestApprovals implements ExecApprovals {
    enum Mode {
        /** Approves everything; a claim succeeds once, for exactly the approved request. */
        ALLOW,
        /** Refuses everything. */
        DENY,
        /** Approves, but every claim fails (as if the approval expired or was used). */
        CLAIM_FAILS
    }

    private final Mode mode;
    final List<ExecRequest> checked = new CopyOnWriteArrayList<>();
    final Map<String, ExecRequest> approved = new ConcurrentHashMap<>();
    final List<ExecRequest> claimed = new CopyOnWriteArrayList<>();

    TestApprovals(Mode mode) {
        this.mode = mode;
    }

    @Override
    public CompletionStage<ExecDecision> check(ExecRequest request) {
        checked.add(request);
        if (mode == Mode.DENY) {
            return CompletableFuture.completedFuture(new ExecDecision(false, null, "rule:test-deny",
                    "the test denies every command"));
        }
        String id = UUID.randomUUID().toString();
        approved.put(id, request);
        return CompletableFuture.completedFuture(new ExecDecision(true, id, "rule:test-allow", null));
    }

    @Override
    public boolean claim(String approvalId, ExecRequest request) {
        claimed.add(request);
        if (mode == Mode.CLAIM_FAILS) {
            return false;
        }
        ExecRequest a = approved.remove(approvalId);
        return a != null && a.equals(request);
    }

    /** @return the one request that was approved and claimed */
    ExecRequest only() {
        if (checked.size() != 1 || claimed.size() != 1 || !checked.get(0).equals(claimed.get(0))) {
            throw new AssertionError("expected one checked and claimed request, got " + checked + " / " + claimed);
        }
        return checked.get(0);
    }
}
