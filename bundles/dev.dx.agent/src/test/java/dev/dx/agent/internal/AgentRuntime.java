package dev.dx.agent.internal;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import dev.dx.agent.internal.skills.SkillRegistry;
import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelInfo;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelProvider;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.db.internal.SqliteDatabase;
import dev.dx.session.internal.SessionConfig;
import dev.dx.session.internal.store.SqliteSessionStore;
import dev.dx.testsupport.component.Configs;
import dev.dx.testsupport.component.Inject;

/**
 * The agent runtime wired as SCR would, on a real SQLite database and session store, with a model whose every call
 * waits until the test answers it ({@link #answer}).
 */
final class AgentRuntime implements AutoCloseable {
    final SqliteDatabase db;
    final SqliteSessionStore store = new SqliteSessionStore();
    final AgentRegistry agents = new AgentRegistry();
    final FollowUps followUps = new FollowUps();
    final BlockingQueue<CompletableFuture<ModelResponse>> calls = new LinkedBlockingQueue<>();
    private final Path workspace;
    RunManager runs;

    AgentRuntime(Path dir) throws Exception {
        workspace = dir.resolve("workspace");
        db = new SqliteDatabase(dir.resolve("dx.db"), 5000, 2);
        Inject.field(store, "database", db);
        scr(store, "activate", Configs.of(SessionConfig.class, Map.of()));
        Agent main = new Agent();
        main.configure(TestAgents.config(Map.of("id", "main", "model", "fake/m", "workspace", workspace.toString())),
                Map.of());
        agents.addAgent(main);
        Inject.field(followUps, "db", db);
        followUps.activate();
        runs = start();
    }

    /** A new run manager on the same database, as after a restart of the bundle. */
    RunManager start() {
        ModelRouter router = new ModelRouter();
        router.addProvider(new Waiting());
        RunManager r = new RunManager();
        Inject.field(r, "store", store);
        Inject.field(r, "agents", agents);
        Inject.field(r, "models", router);
        Inject.field(r, "tools", new ToolCatalog());
        Inject.field(r, "events", new AgentEvents());
        Inject.field(r, "skills", new SkillRegistry());
        Inject.field(r, "hooks", new HookChain());
        Inject.field(r, "followUps", followUps);
        r.activate();
        return r;
    }

    /** Answers the oldest model call still waiting, waiting for one to arrive first. */
    void answer(String text) throws InterruptedException {
        CompletableFuture<ModelResponse> call = calls.poll(10, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no model call arrived within 10 s");
        }
        call.complete(new ModelResponse("m", text, List.of(), "end_turn", 1, 1));
    }

    List<Message> history(String key) {
        return store.history(key, HistoryQuery.all()).items();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() throws Exception {
        runs.deactivate();
        scr(store, "deactivate");
        db.close();
    }

    private static void scr(Object component, String method, Object... args) throws Exception {
        for (Method m : component.getClass().getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                m.invoke(component, args);
                return;
            }
        }
        throw new IllegalStateException("no " + method + " in " + component.getClass());
    }

    /** Provider "fake": each call waits in {@link #calls}; cancelling fails it as an abort would. */
    private final class Waiting implements ModelProvider {
        @Override
        public String id() {
            return "fake";
        }

        @Override
        public List<ModelInfo> models() {
            return List.of();
        }

        @Override
        public ModelCall stream(ModelRequest request, ModelListener listener) {
            CompletableFuture<ModelResponse> f = new CompletableFuture<>();
            calls.add(f);
            return new ModelCall() {
                @Override
                public CompletionStage<ModelResponse> result() {
                    return f;
                }

                @Override
                public void cancel() {
                    f.completeExceptionally(new ModelException(ErrorCode.UNAVAILABLE, "cancelled", false, 0, null));
                }
            };
        }
    }
}
