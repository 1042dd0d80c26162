package dev.dx.approval.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The argument pattern language: per-argument globs, ** for whole arguments, getopt-style leniency for denials. */
class ArgPatternTest {
    private static boolean strict(List<String> patterns, String... args) {
        return ArgPattern.matches(patterns, List.of(args), false);
    }

    private static boolean lenient(List<String> patterns, String... args) {
        return ArgPattern.matches(patterns, List.of(args), true);
    }

    @Test
    void literalsMatchExactlyAndNothingIsTrimmedOrSplit() {
        List<String> status = List.of("status");
        assertTrue(strict(status, "status"));
        assertFalse(strict(status, "status "));
        assertFalse(strict(status, " status"));
        assertFalse(strict(status, "Status"));
        assertFalse(strict(status, "status;rm"));
        assertFalse(strict(status, "status", "--porcelain"));
        assertFalse(strict(status));
        assertTrue(strict(List.of()));
        assertFalse(strict(List.of(), ""), "an empty argument is still an argument");
        assertFalse(strict(List.of("a b"), "a", "b"), "one argument is never two");
        assertFalse(strict(List.of("a", "b"), "a b"));
    }

    @Test
    void starStaysInsideOneArgument() {
        List<String> p = List.of("log", "--format=*");
        assertTrue(strict(p, "log", "--format=%H"));
        assertTrue(strict(p, "log", "--format="));
        assertTrue(strict(p, "log", "--format=%H;rm -rf /"), "one argument to git, never seen by a shell");
        assertFalse(strict(p, "log", "--format=%H", "extra"));
        assertFalse(strict(List.of("*"), "a", "b"));
        assertFalse(strict(List.of("*")), "* is one argument, not none");
        assertTrue(strict(List.of("?"), "x"));
        assertFalse(strict(List.of("?"), "xy"));
        assertTrue(strict(List.of("*.java"), "A.java"));
        assertFalse(strict(List.of("*.java"), "A.java.sh"));
        assertTrue(strict(List.of("a*b*c"), "aXXbYYc"));
        assertFalse(strict(List.of("a*b*c"), "aXXbYY"));
    }

    @Test
    void escapesMakeWildcardsLiteral() {
        assertTrue(strict(List.of("\\*"), "*"));
        assertFalse(strict(List.of("\\*"), "x"));
        assertTrue(strict(List.of("a\\?"), "a?"));
        assertFalse(strict(List.of("a\\?"), "ab"));
        assertTrue(strict(List.of("back\\\\slash"), "back\\slash"));
        for (String raw : new String[] {"**", "*", "?", "a\\b", "plain", "$(rm -rf /)", "`id`", "x\\"}) {
            assertTrue(strict(List.of(ArgPattern.escape(raw)), raw), raw);
            assertTrue(ArgPattern.isLiteral(ArgPattern.escape(raw)), raw);
            assertEquals(raw, ArgPattern.unescape(ArgPattern.escape(raw)));
        }
        assertFalse(strict(List.of(ArgPattern.escape("**")), "a", "b"), "an escaped ** is one literal argument");
    }

    @Test
    void doubleStarMatchesWholeArgumentsAnywhere() {
        assertTrue(strict(List.of("**")));
        assertTrue(strict(List.of("**"), "a", "b", "c"));
        List<String> p = List.of("log", "**");
        assertTrue(strict(p, "log"));
        assertTrue(strict(p, "log", "--oneline", "-n", "5"));
        assertFalse(strict(p, "push", "log"));
        List<String> force = List.of("**", "--force", "**");
        assertTrue(strict(force, "push", "origin", "--force"));
        assertTrue(strict(force, "--force"));
        assertFalse(strict(force, "push", "origin"));
        List<String> many = new ArrayList<>(Collections.nCopies(40, "**"));
        many.add("needle");
        List<String> hay = new ArrayList<>(Collections.nCopies(2000, "x"));
        assertFalse(ArgPattern.matches(many, hay, false), "no exponential backtracking");
    }

    @Test
    void lenientMatchingCatchesWhatGetoptWouldRead() {
        List<String> force = List.of("push", "**", "--force", "**");
        assertTrue(lenient(force, "push", "--force"));
        assertTrue(lenient(force, "push", "origin", "--forc"));
        assertTrue(lenient(force, "push", "--for"));
        assertTrue(lenient(force, "push", "--force=yes"));
        assertTrue(lenient(force, "push", "--forc=yes"));
        assertFalse(lenient(force, "push", "--fo"), "two letters are too few to mean --force");
        assertFalse(lenient(force, "push", "--force-with-lease"), "another option");
        assertFalse(strict(force, "push", "--forc"), "approving rules never abbreviate");
        List<String> r = List.of("-r", "**");
        assertTrue(lenient(r, "-rf", "/"));
        assertTrue(lenient(r, "-fr", "/"));
        assertTrue(lenient(List.of("**", "-f", "**"), "-xvf", "a.tar"));
        assertFalse(lenient(r, "--recursive"), "short options do not stand for long ones");
        assertFalse(strict(r, "-rf", "/"));
    }
}
