package dev.dx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dx.cli.CommandLine.Command;

class CommandLineTest {

    @Test
    void callTakesAMethodAndOptionalParams() throws CliException {
        CommandLine cl = CommandLine.parse("call", "sessions.list", "{\"limit\":5}");
        assertEquals(Command.CALL, cl.command());
        assertEquals("sessions.list", cl.method());
        assertEquals("{\"limit\":5}", cl.params());
        assertNull(CommandLine.parse("call", "health").params());
    }

    @Test
    void optionsGoAnywhereInBothForms() throws CliException {
        CommandLine cl = CommandLine.parse("--url", "http://h:1", "status", "--json", "--token-file=/tmp/t");
        assertEquals(Command.STATUS, cl.command());
        assertEquals("http://h:1", cl.url());
        assertEquals(Paths.get("/tmp/t"), cl.tokenFile());
        assertTrue(cl.json());
        assertEquals("http://h:2", CommandLine.parse("methods", "--url=http://h:2").url());
        assertFalse(CommandLine.parse("methods").json());
    }

    @Test
    void doubleDashEndsOptions() throws CliException {
        CommandLine cl = CommandLine.parse("call", "--", "--odd.name", "[-1]");
        assertEquals("--odd.name", cl.method());
        assertEquals("[-1]", cl.params());
    }

    @Test
    void helpWinsOverEverythingElse() throws CliException {
        assertEquals(Command.HELP, CommandLine.parse("--help").command());
        assertEquals(Command.HELP, CommandLine.parse("call", "-h").command());
        assertEquals(Command.HELP, CommandLine.parse("help").command());
        assertEquals(List.of(), CommandLine.parse("status", "--help").operands());
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhatToDo() {
        assertUsage("no command given", new String[0]);
        assertUsage("unknown command 'stauts'", "stauts");
        assertUsage("unknown option '--verbose'", "status", "--verbose");
        assertUsage("--json takes no value", "status", "--json=false");
        assertUsage("unknown option '--verbose'", "status", "--verbose=2");
        assertUsage("--url needs a value", "status", "--url");
        assertUsage("--token-file needs a non-empty value", "status", "--token-file=");
        assertUsage("needs a method name", "call");
        assertUsage("quote the params JSON as one argument", "call", "x", "{\"a\":", "1}");
        assertUsage("too many arguments for 'dx status': extra", "status", "extra");
    }

    private static void assertUsage(String expected, String... args) {
        CliException e = assertThrows(CliException.class, () -> CommandLine.parse(args));
        assertEquals(CliException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
