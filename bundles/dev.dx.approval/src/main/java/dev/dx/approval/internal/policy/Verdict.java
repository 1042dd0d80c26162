package dev.dx.approval.internal.policy;

/**
 * What the policy and the rules say about one request, before anything is stored.
 *
 * @param outcome   allow, deny, ask a human, or apply the fallback at once
 * @param decidedBy {@code rule:<id>}, {@code mode:<mode>} or {@code fallback}; for {@link Outcome#ASK} the rule
 *                  that asked, if any
 * @param reason    for a refusal, in words for the user; for {@link Outcome#ASK}, why a human is asked
 * @param timeoutMs for {@link Outcome#ASK}: how long the human may take
 */
public record Verdict(Outcome outcome, String decidedBy, String reason, long timeoutMs) {
    /** The kinds of verdict. */
    public enum Outcome {
        ALLOW, DENY, ASK, FALLBACK
    }
}
