package dev.dx.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.agent.internal.run.Compactor;
import dev.dx.agent.internal.run.ModelCaller;
import dev.dx.agent.internal.skills.SkillRegistry;
import dev.dx.api.hook.Hook;
import dev.dx.api.hook.HookVerdict;
import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.model.ModelToolCall;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Role;
import dev.dx.api.session.SessionPatch;
import dev.dx.api.session.SessionStore;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;

/**
 * One run of the turn loop: store the user's message, then call the model — streaming its text as events — run the
 * tools it asks for, store every step before the next one, until it answers without tool calls or the round limit
 * is reached. Every entry is durable before the loop moves on, so a crash loses at most the step in progress.
 */
final class Turn {
    private static final Logger LOG = LoggerFactory.getLogger(Turn.class);

    /** What a turn works with. */
    record Deps(SessionStore store, AgentRegistry agents, ToolCatalog tools, AgentEvents events, SkillRegistry skills,
            ModelCaller models, Compactor compactor, ExecutorService toolExecutor, HookChain hooks) {
    }

    private final Deps d;
    private final Run run;

    Turn(Deps deps, Run run) {
        this.d = deps;
        this.run = run;
    }

    void execute() {
        run.running();
        d.events().phase(run, "started");
        try {
            AgentSettings agent = d.agents().get(run.agentId());
            d.store().append(run.sessionKey(), new NewMessage(Role.USER, run.message(), null, List.of(), 0,
                    Map.of("runId", run.id())));
            run.succeeded(loop(agent));
        } catch (ModelCaller.Aborted e) {
            d.events().error(run, "aborted", "ABORTED", "The run was aborted");
            run.failed(Run.Status.ABORTED, "ABORTED", "The run was aborted");
        } catch (RpcException e) {
            d.events().error(run, "error", e.error().name(), e.getMessage());
            run.failed(Run.Status.ERROR, e.error().name(), e.getMessage());
        } catch (RuntimeException e) {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.warn("Run {} failed unexpectedly (ref {})", run.id(), ref, e);
            String msg = "Internal error (ref " + ref + "); the gateway log has the details";
            d.events().error(run, "error", ErrorCode.INTERNAL_ERROR.name(), msg);
            run.failed(Run.Status.ERROR, ErrorCode.INTERNAL_ERROR.name(), msg);
        } finally {
            d.events().phase(run, "ended");
        }
    }

    private String loop(AgentSettings agent) {
        long in = 0;
        long out = 0;
        ModelCaller.Hooks hooks = hooks();
        for (int round = 1; round <= agent.maxToolRounds(); round++) {
            checkAbort();
            List<Message> context = d.store().context(run.sessionKey());
            String system = PromptBuilder.system(agent, d.skills().eligible(agent), PromptBuilder.summary(context));
            if (Compactor.needed(agent, PromptBuilder.tokens(context) + PromptBuilder.tokens(system))
                    && d.compactor().compact(agent, run.sessionKey(), context, hooks)) {
                context = d.store().context(run.sessionKey());
                system = PromptBuilder.system(agent, d.skills().eligible(agent), PromptBuilder.summary(context));
            }
            List<ToolSpec> specs = new ArrayList<>();
            for (ToolCatalog.Entry e : d.tools().forAgent(agent)) {
                specs.add(e.tool().spec());
            }
            ModelRequest req = new ModelRequest("", system, PromptBuilder.messages(context), specs,
                    agent.maxOutputTokens(), agent.thinking(), Duration.ofMillis(agent.modelTimeoutMs()));
            ModelCaller.Reply reply = d.models().call(agent, req, new ModelListener() {
                @Override
                public void onText(String delta) {
                    d.events().delta(run, delta);
                }
            }, hooks);
            ModelResponse r = reply.response();
            in += r.inputTokens();
            out += r.outputTokens();
            d.store().patch(run.sessionKey(), new SessionPatch(null, reply.modelRef(), r.inputTokens(), r.outputTokens()));
            Map<String, Object> meta = r.providerState() == null ? Map.of("runId", run.id(), "model", reply.modelRef())
                    : Map.of("runId", run.id(), "model", reply.modelRef(), PromptBuilder.PROVIDER_STATE, r.providerState());
            String text = r.text() == null ? "" : r.text();
            if (r.toolCalls().isEmpty()) {
                HookVerdict v = d.hooks().run(Hook.MESSAGE_OUTBOUND, Map.of("agentId", agent.id(), "sessionKey",
                        run.sessionKey(), "routingKey", run.routingKey(), "runId", run.id(), "text", text));
                if (v.veto()) {
                    // the transcript keeps that an answer was withheld, not the withheld text
                    d.store().append(run.sessionKey(), new NewMessage(Role.ASSISTANT, "[answer withheld: " + v.reason()
                            + "]", null, List.of(), 0, Map.of("runId", run.id(), "vetoed", true)));
                    throw new RpcException(ErrorCode.FORBIDDEN, "The answer was withheld: " + v.reason());
                }
                d.store().append(run.sessionKey(), new NewMessage(Role.ASSISTANT, text, null, List.of(), 0, meta));
                d.events().fin(run, text, reply.modelRef(), in, out);
                return text;
            }
            List<NewMessage> step = new ArrayList<>();
            // an assistant entry carries the step's provider state even without text (thinking before tool calls)
            if (!text.isBlank() || r.providerState() != null) {
                step.add(new NewMessage(Role.ASSISTANT, text, null, List.of(), 0, meta));
            }
            for (ModelToolCall c : r.toolCalls()) {
                step.add(NewMessage.toolCall(c.id(), c.name(), c.arguments()));
            }
            d.store().append(run.sessionKey(), step);
            for (ModelToolCall c : r.toolCalls()) {
                checkAbort();
                ToolResult result = tool(agent, c);
                d.store().append(run.sessionKey(), NewMessage.toolResult(c.id(), c.name(), result.content(),
                        result.error()));
            }
        }
        throw new RpcException(ErrorCode.UNAVAILABLE, "The agent stopped after " + agent.maxToolRounds() + " model "
                + "calls in one turn; send another message to let it continue, or raise maxToolRounds");
    }

    private ToolResult tool(AgentSettings agent, ModelToolCall call) {
        ToolCatalog.Entry entry = agent.allows(call.name()) ? d.tools().get(call.name()) : null;
        if (entry == null) {
            List<String> names = d.tools().forAgent(agent).stream().map(ToolCatalog.Entry::name).toList();
            return ToolResult.error("Tool '" + call.name() + "' is not available to this agent. Available: "
                    + String.join(", ", names));
        }
        Map<String, Object> arguments = call.arguments() == null ? Map.of() : call.arguments();
        HookVerdict v = d.hooks().run(Hook.TOOL_BEFORE, Map.of("agentId", agent.id(), "sessionKey", run.sessionKey(),
                "runId", run.id(), "tool", call.name(), "callId", call.id(), "arguments", arguments));
        if (v.veto()) {
            return ToolResult.error("Blocked before it ran: " + v.reason());
        }
        long start = System.nanoTime();
        d.events().tool(run, call.id(), call.name(), "start", null, null);
        ToolInvocation inv = new ToolInvocation(call.id(), agent.id(), run.sessionKey(), run.id(), agent.workspace(),
                arguments);
        Future<ToolResult> f = d.toolExecutor().submit(() -> entry.tool().invoke(inv));
        run.toolCall(f);
        ToolResult result;
        try {
            result = f.get(agent.toolTimeoutMs(), TimeUnit.MILLISECONDS);
            if (result == null) {
                result = ToolResult.ok("");
            }
        } catch (TimeoutException e) {
            f.cancel(true);
            result = ToolResult.error("The tool did not finish within " + agent.toolTimeoutMs() / 1000 + " s and was "
                    + "stopped");
        } catch (CancellationException e) {
            throw new ModelCaller.Aborted();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelCaller.Aborted();
        } catch (ExecutionException e) {
            if (run.abortRequested()) {
                throw new ModelCaller.Aborted();
            }
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.warn("Tool {} failed in run {} (ref {})", call.name(), run.id(), ref, e.getCause());
            result = ToolResult.error("The tool failed with an internal error (ref " + ref + ")");
        } finally {
            run.toolCall(null);
        }
        d.events().tool(run, call.id(), call.name(), "end", result.error(), (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private void checkAbort() {
        if (run.abortRequested()) {
            throw new ModelCaller.Aborted();
        }
    }

    private ModelCaller.Hooks hooks() {
        return new ModelCaller.Hooks() {
            @Override
            public void current(ModelCall call) {
                run.modelCall(call);
            }

            @Override
            public boolean aborted() {
                return run.abortRequested();
            }

            @Override
            public void discarded(String why) {
                d.events().reset(run, why);
            }
        };
    }
}
