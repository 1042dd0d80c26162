package dev.dx.approval.internal.rules;

import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.dx.api.rpc.RpcException;

/** Builds {@link Rule}s from what a user typed or sent, refusing anything ambiguous with a message naming the field. */
public final class RuleParser {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "abcdefghjkmnpqrstvwxyz0123456789";
    private static final int MAX_ARGS = 256;
    private static final int MAX_TEXT = 4096;

    private RuleParser() {
    }

    /**
     * @param where how the message names the rule, e.g. {@code "rules[2]"}
     * @param id    the rule's id, or {@code null} for a new one
     * @throws RpcException {@code INVALID_PARAMS} saying what is wrong and how to write it
     */
    public static Rule parse(String where, String id, String executable, List<String> args, String action,
            String scope, Long timeoutMs, String reason, Instant now, String createdBy) {
        Rule.Action a = Rule.Action.of(action == null ? null : action.trim().toLowerCase(Locale.ROOT));
        if (a == null) {
            throw bad(where + ".action must be auto-approve, request or deny");
        }
        String exe = executable(where, executable);
        if (args == null) {
            throw bad(where + ".args is required: [] for no arguments, [\"**\"] for any, or one pattern per argument "
                    + "such as [\"status\"] or [\"log\", \"--oneline\", \"**\"]");
        }
        if (args.size() > MAX_ARGS) {
            throw bad(where + ".args has more than " + MAX_ARGS + " patterns");
        }
        for (int i = 0; i < args.size(); i++) {
            pattern(where + ".args[" + i + "]", args.get(i));
        }
        if (a == Rule.Action.AUTO_APPROVE && Launchers.is(exe.substring(exe.lastIndexOf('/') + 1))
                && !args.stream().allMatch(ArgPattern::isLiteral)) {
            throw bad(where + ": " + exe + " runs other programs or code, so approving it with wildcards would approve "
                    + "anything it is told to run; spell out its arguments exactly");
        }
        if (timeoutMs != null && (a != Rule.Action.REQUEST || timeoutMs < 1000 || timeoutMs > 86_400_000)) {
            throw bad(where + ".timeoutMs is for request rules only, between 1000 and 86400000 milliseconds");
        }
        if (reason != null && (reason.length() > 1000 || reason.indexOf('\0') >= 0)) {
            throw bad(where + ".reason must be at most 1000 characters of text");
        }
        return new Rule(id == null ? newId() : checkedId(where, id), exe, args, a, scope(where, scope), timeoutMs,
                reason == null || reason.isBlank() ? null : reason.trim(), now, createdBy);
    }

    /** @return a new rule id such as {@code r-7k2m9qxa} */
    public static String newId() {
        StringBuilder sb = new StringBuilder("r-");
        for (int i = 0; i < 8; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    private static String checkedId(String where, String id) {
        if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw bad(where + ".id must be 1 to 40 lower-case letters, digits and dashes, e.g. r-git-status");
        }
        return id;
    }

    private static String executable(String where, String exe) {
        if (exe == null || exe.isBlank() || !exe.equals(exe.strip()) || exe.length() > MAX_TEXT
                || exe.chars().anyMatch(Character::isISOControl)) {
            throw bad(where + ".executable must name a program: an absolute path such as /usr/bin/git, or a name "
                    + "such as git that is found on the search path (no spaces around it)");
        }
        if (exe.indexOf('/') < 0) {
            if (exe.equals(".") || exe.equals("..") || exe.indexOf('*') >= 0 || exe.indexOf('?') >= 0
                    || exe.indexOf('[') >= 0) {
                throw bad(where + ".executable '" + exe + "' is not a program name; wildcards are not allowed");
            }
            return exe;
        }
        try {
            if (!exe.startsWith("/") || exe.endsWith("/") || !Paths.get(exe).normalize().toString().equals(exe)) {
                throw bad(where + ".executable '" + exe + "' must be an absolute path without . or .. parts, "
                        + "e.g. /usr/bin/git");
            }
        } catch (InvalidPathException e) {
            throw bad(where + ".executable '" + exe + "' is not a valid path");
        }
        return exe;
    }

    private static void pattern(String where, String p) {
        if (p == null || p.length() > MAX_TEXT || p.indexOf('\0') >= 0) {
            throw bad(where + " must be text of at most " + MAX_TEXT + " characters");
        }
        if (!p.equals(ArgPattern.REST) && p.contains("**")) {
            throw bad(where + " '" + p + "': ** matches whole arguments and must stand alone; inside an argument "
                    + "use *");
        }
        int backslashes = 0;
        for (int i = p.length() - 1; i >= 0 && p.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            throw bad(where + " '" + p + "' ends in a lone \\; write \\\\ for a backslash");
        }
    }

    private static String scope(String where, String scope) {
        String s = scope == null || scope.isBlank() ? Rule.GLOBAL : scope.trim();
        boolean ok = s.equals(Rule.GLOBAL)
                || (s.startsWith(Rule.AGENT) && s.length() > Rule.AGENT.length() && s.length() <= 520)
                || (s.startsWith(Rule.SESSION) && s.length() > Rule.SESSION.length() && s.length() <= 520);
        if (!ok || s.chars().anyMatch(Character::isISOControl)) {
            throw bad(where + ".scope must be global, agent:<agent id> or session:<session key>");
        }
        return s;
    }

    private static RpcException bad(String message) {
        return RpcException.invalidParams(message);
    }
}
