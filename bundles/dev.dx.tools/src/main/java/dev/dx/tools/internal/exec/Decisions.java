package dev.dx.tools.internal.exec;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.dx.api.approval.ExecApprovals;
import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.tools.internal.ArgumentException;

/** Asks the approval service and waits for its decision, refusing on anything but an explicit allow. */
final class Decisions {
    private Decisions() {
    }

    static ExecDecision await(ExecApprovals approvals, ExecRequest request, Duration wait) throws ArgumentException {
        CompletableFuture<ExecDecision> f = new CompletableFuture<>();
        try {
            CompletionStage<ExecDecision> stage = approvals.check(request);
            stage.whenComplete((d, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                } else {
                    f.complete(d);
                }
            });
        } catch (RuntimeException e) {
            throw new ArgumentException("The approval service failed (" + e.getClass().getSimpleName()
                    + "); the command did not run.");
        }
        ExecDecision d;
        try {
            d = f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ArgumentException("No approval decision within " + wait.toSeconds() + " s; the command did not "
                    + "run.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArgumentException("Cancelled while waiting for approval; the command did not run.");
        } catch (ExecutionException e) {
            throw new ArgumentException("The approval service failed (" + e.getCause().getClass().getSimpleName()
                    + "); the command did not run.");
        }
        if (d == null) {
            throw new ArgumentException("The approval service gave no decision; the command did not run.");
        }
        if (!d.allowed()) {
            String reason = d.reason() == null || d.reason().isBlank() ? "no reason given" : d.reason();
            throw new ArgumentException("exec refused" + (d.decidedBy() == null ? "" : " by " + d.decidedBy()) + ": "
                    + reason + ". The command did not run.");
        }
        if (d.approvalId() == null) {
            throw new ArgumentException("The approval has no id to claim; the command did not run.");
        }
        return d;
    }
}
