package dev.dx.agent.internal;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.run.Compactor;
import dev.dx.agent.internal.run.ModelCaller;
import dev.dx.agent.internal.skills.SkillRegistry;
import dev.dx.api.hook.Hook;
import dev.dx.api.hook.HookVerdict;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionStore;

/**
 * Starts and tracks agent runs. One run at a time per session: a message that arrives while the session is busy waits
 * as a follow-up and starts when the current run ends. Recent runs stay known for {@code agent.wait} and
 * {@code chat.abort}; an idempotency key sent twice returns the first run.
 */
@Component(service = RunManager.class)
public final class RunManager {
    static final int RECENT_RUNS = 1000;
    static final int MAX_QUEUED_PER_SESSION = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Reference
    private SessionStore store;
    @Reference
    private AgentRegistry agents;
    @Reference
    private ModelRouter models;
    @Reference
    private ToolCatalog tools;
    @Reference
    private AgentEvents events;
    @Reference
    private SkillRegistry skills;
    @Reference
    private HookChain hooks;

    private final Map<String, ArrayDeque<Run>> lanes = new HashMap<>();
    private final Map<String, Boolean> busy = new HashMap<>();
    private final Map<String, Run> recent = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> e) {
            return size() > RECENT_RUNS && e.getValue().done().isDone();
        }
    });
    private final Map<String, String> idempotency = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
            return size() > RECENT_RUNS;
        }
    });
    private ExecutorService runExecutor;
    private ExecutorService toolExecutor;
    private Turn.Deps deps;

    @Activate
    void activate() {
        runExecutor = pool("dx-agent-run", 8);
        toolExecutor = pool("dx-agent-tool", 8);
        ModelCaller caller = new ModelCaller(models);
        deps = new Turn.Deps(store, agents, tools, events, skills, caller, new Compactor(store, caller), toolExecutor,
                hooks);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (recent) {
            recent.values().forEach(Run::abort);
        }
        runExecutor.shutdown();
        toolExecutor.shutdownNow();
        runExecutor.awaitTermination(5, TimeUnit.SECONDS);
        runExecutor.shutdownNow();
    }

    private static ExecutorService pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Queues a message for a session's agent.
     *
     * @param session        the session (its agent answers)
     * @param message        the user's message
     * @param idempotencyKey a client key: sending it again returns the same run; may be {@code null}
     * @return the run, already queued or running
     */
    public Run submit(Session session, String message, String idempotencyKey) {
        if (message == null || message.isBlank()) {
            throw RpcException.invalidParams("The message is empty");
        }
        agents.get(session.agentId());
        if (idempotencyKey != null) {
            String existing = idempotency.get(session.key() + "\u0000" + idempotencyKey);
            Run r = existing == null ? null : recent.get(existing);
            if (r != null) {
                return r;
            }
        }
        HookVerdict verdict = hooks.run(Hook.MESSAGE_INBOUND, Map.of("agentId", session.agentId(), "sessionKey",
                session.key(), "routingKey", session.routingKey(), "text", message));
        if (verdict.veto()) {
            throw new RpcException(ErrorCode.FORBIDDEN, "The message was refused: " + verdict.reason());
        }
        Run run = new Run(newId(), session.key(), session.routingKey(), session.agentId(), message);
        synchronized (lanes) {
            ArrayDeque<Run> lane = lanes.computeIfAbsent(session.key(), k -> new ArrayDeque<>());
            if (lane.size() >= MAX_QUEUED_PER_SESSION) {
                throw new RpcException(ErrorCode.RATE_LIMITED, "This session already has " + MAX_QUEUED_PER_SESSION
                        + " messages waiting; wait for the agent to catch up", 2000, null);
            }
            recent.put(run.id(), run);
            if (idempotencyKey != null) {
                idempotency.put(session.key() + "\u0000" + idempotencyKey, run.id());
            }
            events.phase(run, "queued");
            if (Boolean.TRUE.equals(busy.get(session.key()))) {
                lane.add(run);
            } else {
                busy.put(session.key(), true);
                start(run);
            }
        }
        return run;
    }

    private void start(Run run) {
        runExecutor.execute(() -> {
            try {
                new Turn(deps, run).execute();
            } finally {
                next(run.sessionKey());
            }
        });
    }

    private void next(String sessionKey) {
        synchronized (lanes) {
            ArrayDeque<Run> lane = lanes.get(sessionKey);
            Run next = lane == null ? null : lane.poll();
            while (next != null && next.abortRequested()) {
                next.failed(Run.Status.ABORTED, "ABORTED", "The run was aborted before it started");
                next = lane.poll();
            }
            if (next != null) {
                start(next);
            } else {
                busy.remove(sessionKey);
                lanes.remove(sessionKey);
            }
        }
    }

    /** @return the run, or NOT_FOUND */
    public Run get(String runId) {
        Run r = runId == null ? null : recent.get(runId);
        if (r == null) {
            throw RpcException.notFound("No run '" + runId + "' (runs are remembered for the last " + RECENT_RUNS + ")");
        }
        return r;
    }

    /** Aborts a queued or running run; returns whether it was still going. */
    public boolean abort(String runId) {
        Run r = get(runId);
        if (r.done().isDone()) {
            return false;
        }
        r.abort();
        return true;
    }

    /** @return runs not finished yet */
    public List<Run> active() {
        synchronized (recent) {
            return recent.values().stream().filter(r -> !r.done().isDone()).toList();
        }
    }

    /** Completes with the run when it ends. */
    public CompletableFuture<Run> done(String runId) {
        return get(runId).done();
    }

    /** The dependencies a turn uses, for compaction on request. */
    Turn.Deps deps() {
        return deps;
    }

    private static String newId() {
        byte[] b = new byte[9];
        RANDOM.nextBytes(b);
        return "run_" + java.util.HexFormat.of().formatHex(b);
    }
}
