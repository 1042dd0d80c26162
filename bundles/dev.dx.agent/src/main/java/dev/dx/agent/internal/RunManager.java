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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * as a follow-up and starts when the current run ends; compaction on request waits in the same lane. Recent runs stay
 * known for {@code agent.wait} and {@code chat.abort}; an idempotency key sent twice returns the first run.
 */
@Component(service = RunManager.class)
public final class RunManager {
    static final int RECENT_RUNS = 1000;
    static final int MAX_QUEUED_PER_SESSION = 32;
    private static final Logger LOG = LoggerFactory.getLogger(RunManager.class);
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
    @Reference
    private FollowUps followUps;

    /** A session's lane entry: a run's turn, or work that needs the session to itself (compaction). */
    private record Job(Run run, Runnable body, Runnable drop) {
    }

    // a session has a lane while something runs for it; the lane holds what waits
    private final Map<String, ArrayDeque<Job>> lanes = new HashMap<>();
    private final Map<String, Run> recent = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> e) {
            return size() > RECENT_RUNS && e.getValue().done().isDone();
        }
    });
    private final Map<String, String> idempotency = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
            return size() > RECENT_RUNS;
        }
    };
    private ExecutorService runExecutor;
    private ExecutorService toolExecutor;
    private Turn.Deps deps;

    @Activate
    void activate() {
        runExecutor = pool("dx-agent-run", 8);
        toolExecutor = pool("dx-agent-tool", 8);
        ModelCaller caller = new ModelCaller(models);
        deps = new Turn.Deps(store, agents, tools, events, skills, caller, new Compactor(store, caller), toolExecutor,
                hooks, followUps);
        // messages acknowledged before a crash that never got their turn: into the transcript, marked unanswered
        for (FollowUps.Pending p : followUps.all()) {
            Run run = new Run(p.runId(), p.sessionKey(), null, null, p.message());
            unanswered(run, "DX stopped before this message was answered");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        Map<Run, String> dropped = new LinkedHashMap<>();
        synchronized (lanes) {
            for (ArrayDeque<Job> lane : lanes.values()) {
                for (Job j : lane) {
                    if (j.run() == null) {
                        j.drop().run();
                    } else {
                        // a run the user aborted while it waited keeps saying so
                        dropped.put(j.run(), j.run().abortQueued("DX is stopping")
                                ? "DX stopped before this message was answered" : "aborted before it started");
                    }
                }
            }
            lanes.clear();
        }
        synchronized (recent) {
            recent.values().forEach(Run::abort);
        }
        runExecutor.shutdown();
        toolExecutor.shutdownNow();
        runExecutor.awaitTermination(5, TimeUnit.SECONDS);
        runExecutor.shutdownNow();
        dropped.forEach(this::unanswered);
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
     * Queues a message for a session's agent. When this returns the message is durable: in the transcript if the
     * session was idle, else among the waiting follow-ups until its turn comes.
     *
     * @param session        the session (its agent answers)
     * @param message        the user's message
     * @param idempotencyKey a client key: sending it again returns the same run; may be {@code null}
     * @return the run, already queued or running
     */
    public Run submit(Session session, String message, String idempotencyKey) {
        return submit(session, message, idempotencyKey, null);
    }

    /**
     * Like {@link #submit(Session, String, String)}, with the answer's text streamed to {@code watcher} from the
     * first delta on (an in-process client: the console chat).
     */
    public Run submit(Session session, String message, String idempotencyKey, Consumer<String> watcher) {
        if (message == null || message.isBlank()) {
            throw RpcException.invalidParams("The message is empty");
        }
        agents.get(session.agentId());
        String idem = idempotencyKey == null ? null : session.key() + "\u0000" + idempotencyKey;
        Run seen = known(idem);
        if (seen != null) {
            return seen;
        }
        HookVerdict verdict = hooks.run(Hook.MESSAGE_INBOUND, Map.of("agentId", session.agentId(), "sessionKey",
                session.key(), "routingKey", session.routingKey(), "text", message));
        if (verdict.veto()) {
            throw new RpcException(ErrorCode.FORBIDDEN, "The message was refused: " + verdict.reason());
        }
        // One lock for the key check, the write and the lane: two sends with one key make one run. The database
        // serialises writes anyway, so holding it across the write costs no parallelism.
        synchronized (lanes) {
            seen = known(idem);
            if (seen != null) {
                return seen;
            }
            ArrayDeque<Job> lane = lanes.get(session.key());
            if (lane != null && lane.size() >= MAX_QUEUED_PER_SESSION) {
                throw new RpcException(ErrorCode.RATE_LIMITED, "This session already has " + MAX_QUEUED_PER_SESSION
                        + " messages waiting; wait for the agent to catch up", 2000, null);
            }
            Run run = new Run(newId(), session.key(), session.routingKey(), session.agentId(), message);
            if (watcher != null) {
                run.watch(watcher);
            }
            if (lane == null) {
                run.claimStore();
                store.append(session.key(), Turn.userEntry(run, null));
            } else {
                followUps.add(run);
            }
            recent.put(run.id(), run);
            if (idem != null) {
                idempotency.put(idem, run.id());
            }
            events.phase(run, "queued");
            enqueue(session.key(), new Job(run, () -> turn(run), () -> run.abortQueued("DX is stopping")));
            return run;
        }
    }

    private Run known(String idem) {
        synchronized (lanes) {
            String id = idem == null ? null : idempotency.get(idem);
            return id == null ? null : recent.get(id);
        }
    }

    private void turn(Run run) {
        if (run.begin()) {
            new Turn(deps, run).execute();
        } else {
            unanswered(run, "aborted before it started");
        }
    }

    /**
     * Runs {@code work} when the session has no run going, in the session's lane, so it never overlaps a turn.
     *
     * @return completes with what {@code work} returned
     */
    public <T> CompletableFuture<T> exclusive(String sessionKey, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable body = () -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        synchronized (lanes) {
            ArrayDeque<Job> lane = lanes.get(sessionKey);
            if (lane != null && lane.size() >= MAX_QUEUED_PER_SESSION) {
                throw new RpcException(ErrorCode.RATE_LIMITED, "This session has " + MAX_QUEUED_PER_SESSION
                        + " messages waiting; try again when the agent has caught up", 2000, null);
            }
            enqueue(sessionKey, new Job(null, body, () -> result.completeExceptionally(
                    new RpcException(ErrorCode.UNAVAILABLE, "DX is stopping; nothing was changed"))));
        }
        return result;
    }

    /** Starts the job now if the session is idle, else queues it behind what is there. Holds the lanes lock. */
    private void enqueue(String sessionKey, Job job) {
        ArrayDeque<Job> lane = lanes.get(sessionKey);
        if (lane != null) {
            lane.add(job);
        } else {
            lanes.put(sessionKey, new ArrayDeque<>());
            start(sessionKey, job);
        }
    }

    private void start(String sessionKey, Job job) {
        try {
            runExecutor.execute(() -> {
                try {
                    job.body().run();
                } finally {
                    next(sessionKey);
                }
            });
        } catch (RejectedExecutionException e) {
            job.drop().run(); // stopping
        }
    }

    private void next(String sessionKey) {
        synchronized (lanes) {
            ArrayDeque<Job> lane = lanes.get(sessionKey);
            Job next = lane == null ? null : lane.poll();
            if (next != null) {
                start(sessionKey, next);
            } else {
                lanes.remove(sessionKey);
            }
        }
    }

    /** Writes the message of a run that never started into the transcript, so the user's words are not lost. */
    private void unanswered(Run run, String why) {
        if (!run.claimStore()) {
            return;
        }
        try {
            store.append(run.sessionKey(), Turn.userEntry(run, why));
            followUps.remove(run.id());
        } catch (RpcException e) {
            if (e.error() == ErrorCode.NOT_FOUND) {
                followUps.remove(run.id()); // the session was deleted meanwhile
            } else {
                LOG.warn("The message of run {} stays among the follow-ups until DX starts again: {}", run.id(),
                        e.getMessage());
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

    /**
     * Aborts a queued or running run; returns whether it was still going. A queued run ends at once; its message
     * goes into the transcript when the lane reaches it, after the run before it.
     */
    public boolean abort(String runId) {
        Run r = get(runId);
        if (r.done().isDone()) {
            return false;
        }
        if (r.abortQueued("The run was aborted before it started")) {
            events.error(r, "aborted", "ABORTED", "The run was aborted before it started");
            events.phase(r, "ended");
        } else {
            r.abort();
        }
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
