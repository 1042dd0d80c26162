package dev.dx.approval.internal.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.dx.api.approval.ExecRequest;

/**
 * Picks the rule that decides a request. The most specific scope that has a matching rule wins (session, then
 * agent, then global); within it, deny beats request beats auto-approve.
 *
 * <p>An approving rule matches strictly: its executable is the resolved path, or the bare name of a program in a
 * search-path folder; its argument patterns match exactly; and a shell or launcher is only approved by a rule naming
 * a launcher. Deny and request rules match generously: by path or name, also through symbolic links, with option
 * abbreviations, and against the commands wrappers would run ({@link Unwrap}).
 */
public final class RuleMatcher {
    private static final Comparator<Rule> PRECEDENCE = Comparator.comparingInt(Rule::specificity)
            .thenComparingInt(r -> r.action().ordinal())
            .thenComparing(Rule::id, Comparator.reverseOrder());

    private final Resolver resolver;

    public RuleMatcher(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
    }

    /** @return the deciding rule, or {@code null} when none matches */
    public Rule best(List<Rule> rules, ExecRequest request, Resolved exe) {
        List<String> args = request.argv().subList(1, request.argv().size());
        List<Inner> inner = null;
        Rule best = null;
        for (Rule r : rules) {
            if (!r.appliesTo(request)) {
                continue;
            }
            boolean hit;
            if (r.action() == Rule.Action.AUTO_APPROVE) {
                hit = strictProgram(r, exe) && ArgPattern.matches(r.args(), args, false)
                        && (!exe.launcher() || Launchers.is(r.executableName()));
            } else {
                hit = lenientProgram(r, exe) && ArgPattern.matches(r.args(), args, true);
                if (!hit) {
                    if (inner == null) {
                        inner = inner(request);
                    }
                    for (Inner i : inner) {
                        hit |= lenientProgram(r, i.exe()) && ArgPattern.matches(r.args(), i.args(), true);
                    }
                }
            }
            if (hit && (best == null || PRECEDENCE.compare(r, best) > 0)) {
                best = r;
            }
        }
        return best;
    }

    private record Inner(Resolved exe, List<String> args) {
    }

    private List<Inner> inner(ExecRequest request) {
        List<Inner> out = new ArrayList<>();
        for (List<String> cmd : Unwrap.inner(request.argv())) {
            out.add(new Inner(resolver.resolve(cmd.get(0), request.cwd()), cmd.subList(1, cmd.size())));
        }
        return out;
    }

    private static boolean strictProgram(Rule r, Resolved exe) {
        if (r.executable().indexOf('/') >= 0) {
            return r.executable().equals(exe.pathText());
        }
        return exe.trusted() && r.executable().equals(exe.name());
    }

    private static boolean lenientProgram(Rule r, Resolved exe) {
        String name = r.executableName();
        if (r.executable().indexOf('/') >= 0 && r.executable().equals(exe.pathText())) {
            return true;
        }
        if (r.executable().indexOf('/') >= 0) {
            // /usr/bin/rm also denies /bin/rm when one links to the other
            return exe.path() != null && name.equals(exe.realName()) && sameFile(r.executable(), exe);
        }
        return name.equals(exe.name()) || name.equals(exe.realName());
    }

    private static boolean sameFile(String path, Resolved exe) {
        try {
            return Files.isSameFile(Paths.get(path), exe.path());
        } catch (IOException | InvalidPathException | SecurityException e) {
            return false;
        }
    }
}
