package dev.dx.tools.internal.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.approval.ExecApprovals;
import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;
import dev.dx.tools.internal.ArgumentException;
import dev.dx.tools.internal.Args;
import dev.dx.tools.internal.Schemas;
import dev.dx.tools.internal.ToolsConfig;
import dev.dx.tools.internal.file.SecureWorkspace;
import dev.dx.tools.internal.file.WorkspacePath;

/**
 * {@code exec}: runs one program with an argv array — never a shell command line — in a workspace folder, with a
 * filtered environment and a timeout, and only what the approval service allowed: the request it approved is
 * claimed immediately before exactly that argv, cwd and environment start.
 */
// immediate: it owns the running processes, and a caller holding the service must keep a live instance
@Component(service = Tool.class, immediate = true, configurationPid = ToolsConfig.PID)
@ToolName("exec")
public final class ExecTool implements Tool {
    private static final Logger LOG = LoggerFactory.getLogger(ExecTool.class);
    private static final Set<String> KNOWN = Set.of("argv", "cwd", "env", "timeoutSeconds");
    /** Names that sound like a way around approval: refused with a reason, never honoured. */
    private static final Pattern APPROVAL_LIKE = Pattern.compile(
            "(?i).*(approv|elevat|sudo|root|bypass|confirm|allow|trust|privilege|force|yes).*");
    private static final int MAX_ARGS = 1024;
    private static final int MAX_ARGV_CHARS = 128 * 1024;
    private static final ToolSpec SPEC = new ToolSpec("exec", "Run one program with arguments (argv array, no shell: "
            + "nothing is expanded, quoted or piped) in a workspace folder. Every command needs approval. Returns the "
            + "combined stdout/stderr (long output is cut in the middle) and the exit code.",
            Schemas.object(Schemas.props(
                    "argv", Schemas.stringArray("Program and arguments, e.g. [\"git\", \"status\"]"),
                    "cwd", Schemas.string("Working folder relative to the workspace, default the workspace"),
                    "env", Schemas.stringMap("Extra environment variables"),
                    "timeoutSeconds", Schemas.integer("Seconds before the command is killed", 1, 86_400)),
                    List.of("argv")));

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExecApprovals approvals;

    private volatile ToolsConfig config;
    private final Map<String, String> gatewayEnv;
    private ProcessRunner runner;

    public ExecTool() {
        this(System.getenv());
    }

    /** For tests: a stand-in for the gateway's own environment. */
    ExecTool(Map<String, String> gatewayEnv) {
        this.gatewayEnv = Map.copyOf(gatewayEnv);
    }

    @Activate
    void activate(ToolsConfig config) {
        this.config = config;
        this.runner = new ProcessRunner();
    }

    @Modified
    void modified(ToolsConfig config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        runner.close();
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation call) {
        ToolsConfig c = config;
        try {
            refuseApprovalFields(call.arguments());
            Args args = Args.of(call.arguments(), KNOWN);
            List<String> argv = argv(args);
            String cwdArg = args.string("cwd", ".");
            Map<String, String> envArg = args.stringMap("env", 64);
            long timeout = args.integer("timeoutSeconds", Math.min(c.execTimeoutSeconds(), c.execMaxTimeoutSeconds()),
                    1, c.execMaxTimeoutSeconds());
            ExecApprovals approver = approvals;
            if (approver == null) {
                return ToolResult.error("exec needs the approval service (feature dx-approval), which is not "
                        + "running, so no command may run. Ask the owner to install it: feature:install dx-approval.");
            }
            String cwd = cwd(call.workspace(), cwdArg);
            Map<String, String> env = ExecEnvironment.build(gatewayEnv, List.of(c.execEnvAllow()),
                    List.of(c.execEnvDeny()), envArg);
            List<String> resolved = new ArrayList<>(argv);
            resolved.set(0, Executables.resolve(argv.get(0), env.getOrDefault("PATH", ExecEnvironment.DEFAULT_PATH),
                    Path.of(cwd)));
            ExecRequest request = new ExecRequest(call.agentId(), call.sessionKey(), resolved, cwd, env);
            ExecDecision decision = Decisions.await(approver, request, Duration.ofSeconds(c.execApprovalWaitSeconds()));
            LOG.debug("exec of {} for agent {} decided by {}", resolved.get(0), call.agentId(), decision.decidedBy());
            ProcessRunner.Outcome o = runner.run(request, () -> claim(approver, decision.approvalId(), request),
                    Duration.ofSeconds(timeout), c.execMaxOutputBytes());
            return result(o, resolved, timeout);
        } catch (ArgumentException e) {
            return ToolResult.error(e.getMessage());
        }
    }

    /** A claim that fails in any way is a refusal. */
    private static boolean claim(ExecApprovals approver, String approvalId, ExecRequest request) {
        try {
            return approver.claim(approvalId, request);
        } catch (RuntimeException e) {
            LOG.warn("The approval service failed to claim approval {}: {}", approvalId, e.toString());
            return false;
        }
    }

    private static void refuseApprovalFields(Map<String, Object> raw) throws ArgumentException {
        if (raw == null) {
            return;
        }
        for (String name : raw.keySet()) {
            if (name != null && !KNOWN.contains(name) && APPROVAL_LIKE.matcher(name).matches()) {
                throw new ArgumentException("Argument '" + name + "' is not accepted: whether a command may run is "
                        + "decided only by the approval service, never by tool arguments. Remove it.");
            }
        }
    }

    private static List<String> argv(Args args) throws ArgumentException {
        List<String> argv = args.strings("argv", MAX_ARGS);
        long chars = 0;
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).indexOf('\0') >= 0) {
                throw new ArgumentException("argv[" + i + "] contains a NUL character.");
            }
            chars += argv.get(i).length();
        }
        if (chars > MAX_ARGV_CHARS) {
            throw new ArgumentException("argv is longer than " + MAX_ARGV_CHARS + " characters; pass large input "
                    + "through a file.");
        }
        return argv;
    }

    /** The working folder: inside the workspace, existing, reached without following a link. */
    private static String cwd(Path workspace, String raw) throws ArgumentException {
        WorkspacePath path = WorkspacePath.parse(raw, workspace);
        try (SecureWorkspace ws = SecureWorkspace.open(workspace)) {
            ws.folder(path.segments(), false);
            return path.isRoot() ? ws.rootPath().toString()
                    : ws.rootPath().resolve(String.join("/", path.segments())).toString();
        } catch (IOException e) {
            throw new ArgumentException("Cannot use cwd '" + raw + "': " + SecureWorkspace.reason(e));
        }
    }

    private static ToolResult result(ProcessRunner.Outcome o, List<String> argv, long timeout) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("argv", argv);
        details.put("exitCode", o.exitCode());
        details.put("timedOut", o.timedOut());
        details.put("outputBytes", o.bytes());
        details.put("cutBytes", o.cut());
        details.put("durationMs", o.millis());
        String output = o.output().isEmpty() ? "(no output)\n" : o.output().endsWith("\n") ? o.output()
                : o.output() + "\n";
        if (o.timedOut()) {
            return new ToolResult(output + "[killed after the " + timeout + " s timeout, with every process it "
                    + "started; raise timeoutSeconds if it needs longer]", true, details);
        }
        if (o.cancelled()) {
            return new ToolResult(output + "[cancelled: the command and its children were killed]", true, details);
        }
        return new ToolResult(output + "[exit code " + o.exitCode() + "]", false, details);
    }
}
