package dev.dx.api.approval;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a command may run. Rules decide at once; otherwise a human is asked (event
 * {@link dev.dx.api.event.Topics#APPROVAL_REQUESTED} to clients with the {@code approvals} scope) until a timeout,
 * after which the fallback applies (deny by default). Every decision is audited.
 *
 * @since 0.1
 */
@ProviderType
public interface ExecApprovals {
    /**
     * Asks for a decision.
     *
     * @param request exactly what would run
     * @return the decision; it never completes exceptionally for a refusal
     */
    CompletionStage<ExecDecision> check(ExecRequest request);

    /**
     * Uses an approval: true once, and only if {@code request} is exactly the approved one (argv, cwd, environment).
     * Call it immediately before starting the process, with the request you are about to run.
     *
     * @return whether the request may run now
     */
    boolean claim(String approvalId, ExecRequest request);
}
