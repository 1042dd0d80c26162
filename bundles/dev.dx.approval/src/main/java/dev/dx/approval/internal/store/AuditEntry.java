package dev.dx.approval.internal.store;

import java.time.Instant;
import java.util.List;

/**
 * One decision in the audit trail, as {@code exec.approval.list} shows it. Environment values are never stored.
 *
 * @param outcome       {@code pending}, {@code allowed} or {@code denied}
 * @param decidedBy     {@code rule:<id>}, {@code user:<who>}, {@code mode:<mode>} or {@code fallback}
 * @param asked         whether a human was asked
 * @param why           why a human was asked
 * @param executable    the resolved program, or {@code null} when it was not found
 * @param claimedAt     when the command was started, or {@code null}
 * @param claimRefusals how often someone tried to claim it for a different command
 */
public record AuditEntry(String id, Instant requestedAt, String outcome, Instant decidedAt, String decidedBy,
        String reason, boolean asked, String why, Instant expiresAt, String agentId, String sessionKey,
        String executable, List<String> argv, String cwd, List<String> envNames, Instant claimedAt,
        int claimRefusals) {
}
