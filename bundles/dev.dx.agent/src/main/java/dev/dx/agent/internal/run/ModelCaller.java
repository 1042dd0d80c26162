package dev.dx.agent.internal.run;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import dev.dx.agent.internal.AgentSettings;
import dev.dx.agent.internal.ModelRouter;
import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.rpc.ErrorCode;

/**
 * Calls the agent's model chain for one step of a turn: the primary model, then each fallback when a failure allows
 * failover (rate limits, overload, server errors, an unconfigured provider). A failure that another model would repeat
 * (a bad request, a refused key) ends the turn at once.
 */
public final class ModelCaller {
    /** What a step needs to know about its run. */
    public interface Hooks {
        /** Called with each started call, so an abort can cancel it; {@code null} when it ended. */
        void current(ModelCall call);

        /** Whether the run was aborted. */
        boolean aborted();

        /** Text streamed by a model whose answer is being discarded (failover). */
        void discarded(String why);
    }

    /** A model's answer and which model gave it. */
    public record Reply(ModelResponse response, String modelRef) {
    }

    private final ModelRouter router;

    public ModelCaller(ModelRouter router) {
        this.router = router;
    }

    /**
     * @param base the request; its model is replaced by each model of the chain in turn
     * @throws ModelException when every model failed; the last failure, or the first one that allows no failover
     * @throws Aborted        when the run was aborted
     */
    public Reply call(AgentSettings agent, ModelRequest base, ModelListener listener, Hooks hooks) {
        ModelException last = null;
        for (String ref : agent.models()) {
            ModelRouter.Target target;
            try {
                target = router.resolve(ref);
            } catch (ModelException e) {
                last = last == null ? e : last;
                continue;
            }
            ModelRequest req = new ModelRequest(target.model(), base.system(), base.messages(), base.tools(),
                    base.maxTokens(), base.thinking(), base.timeout());
            boolean[] streamed = {false};
            ModelListener counting = new ModelListener() {
                @Override
                public void onText(String delta) {
                    streamed[0] = true;
                    listener.onText(delta);
                }

                @Override
                public void onThinking(String delta) {
                    listener.onThinking(delta);
                }

                @Override
                public void onToolCall(dev.dx.api.model.ModelToolCall call) {
                    listener.onToolCall(call);
                }

                @Override
                public void onRetry(int attempt, long delayMs, String reason) {
                    if (streamed[0]) {
                        hooks.discarded("retrying: " + reason);
                        streamed[0] = false;
                    }
                    listener.onRetry(attempt, delayMs, reason);
                }
            };
            ModelCall call = target.provider().stream(req, counting);
            hooks.current(call);
            try {
                return new Reply(call.result().toCompletableFuture().get(), ref);
            } catch (InterruptedException e) {
                call.cancel();
                Thread.currentThread().interrupt();
                throw new Aborted();
            } catch (CancellationException e) {
                throw new Aborted();
            } catch (ExecutionException e) {
                if (hooks.aborted()) {
                    throw new Aborted();
                }
                Throwable cause = e.getCause();
                ModelException me = cause instanceof ModelException ? (ModelException) cause
                        : new ModelException(ErrorCode.INTERNAL_ERROR, "The model provider failed unexpectedly", false,
                                0, cause);
                if (!me.failover()) {
                    throw me;
                }
                last = me;
                if (streamed[0]) {
                    hooks.discarded("failing over from " + ref);
                }
            } finally {
                hooks.current(null);
            }
        }
        throw last != null ? last : new ModelException(ErrorCode.UNAVAILABLE, "The agent has no model", false, 0, null);
    }

    /** Thrown when the run was aborted while a model call was in progress. */
    public static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Aborted() {
            super("aborted", null, false, false);
        }
    }
}
