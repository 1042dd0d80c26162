package dev.dx.api.approval;

/**
 * The verdict on an {@link ExecRequest}.
 *
 * @param allowed    whether the command may run
 * @param approvalId the id of this decision, to {@link ExecApprovals#claim claim} once before running
 * @param decidedBy  {@code rule:<id>}, {@code user:<who>}, {@code mode:<mode>} or {@code fallback}
 * @param reason     for a refusal: why, in words the user understands
 * @since 0.1
 */
public record ExecDecision(boolean allowed, String approvalId, String decidedBy, String reason) {
}
