package dev.dx.approval.internal.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.approval.internal.rules.Resolved;

/** A command waiting for a human. Decided once: whoever first takes the monitor and finds it open decides it. */
final class Pending {
    final String id;
    final ExecRequest request;
    final Resolved exe;
    final String why;
    final Instant requestedAt;
    final Instant expiresAt;
    final CompletableFuture<ExecDecision> future = new CompletableFuture<>();
    /** Guarded by this. */
    boolean done;
    volatile ScheduledFuture<?> timeout;

    Pending(String id, ExecRequest request, Resolved exe, String why, Instant requestedAt, Instant expiresAt) {
        this.id = id;
        this.request = request;
        this.exe = exe;
        this.why = why;
        this.requestedAt = requestedAt;
        this.expiresAt = expiresAt;
    }

    /** @return what approvers see: everything about the command except environment values, which may be secret */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("agentId", request.agentId());
        m.put("sessionKey", request.sessionKey());
        m.put("argv", request.argv());
        m.put("executable", exe.pathText());
        m.put("launcher", exe.launcher());
        m.put("cwd", request.cwd());
        m.put("envNames", new ArrayList<>(new TreeSet<>(request.env().keySet())));
        m.put("why", why);
        m.put("requestedAt", requestedAt);
        m.put("expiresAt", expiresAt);
        return m;
    }
}
