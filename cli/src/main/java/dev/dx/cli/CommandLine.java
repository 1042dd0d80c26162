package dev.dx.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The parsed arguments of one {@code dx} invocation. Options may come before or after the command; {@code --} ends
 * them.
 *
 * @param command   what to do
 * @param operands  the command's arguments (for {@code call}: method, then optional params JSON)
 * @param url       {@code --url}, or {@code null} to read the address from the gateway configuration
 * @param tokenFile {@code --token-file}, or {@code null} for {@code DX_TOKEN} or the gateway's token file
 * @param json      {@code --json}: raw JSON instead of the human summary
 */
record CommandLine(Command command, List<String> operands, String url, Path tokenFile, boolean json) {

    /** The subcommands. */
    enum Command {
        CALL(1, 2), STATUS(0, 0), METHODS(0, 0), HEALTH(0, 0), TOKEN(0, 0), HELP(0, 1);

        private final int minOperands;
        private final int maxOperands;

        Command(int minOperands, int maxOperands) {
            this.minOperands = minOperands;
            this.maxOperands = maxOperands;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    CommandLine {
        Objects.requireNonNull(command, "command must not be null");
        operands = List.copyOf(operands);
    }

    /**
     * Parses the arguments.
     *
     * @throws CliException (exit 2) naming what is wrong and what to try instead
     */
    static CommandLine parse(String... args) throws CliException {
        Command command = null;
        List<String> operands = new ArrayList<>();
        String url = null;
        String tokenFile = null;
        boolean json = false;
        boolean help = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            String name = a;
            if (!optionsEnded && a.startsWith("--") && a.contains("=")) {
                name = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
            }
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                if (command == null) {
                    command = command(a);
                } else {
                    operands.add(a);
                }
                continue;
            }
            if (value != null && (name.equals("--json") || name.equals("--help"))) {
                throw CliException.usage(name + " takes no value; see 'dx help'");
            }
            switch (name) {
                case "--":
                    optionsEnded = true;
                    break;
                case "--url":
                case "--token-file":
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw CliException.usage(name + " needs a value; see 'dx help'");
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        throw CliException.usage(name + " needs a non-empty value");
                    }
                    if (name.equals("--url")) {
                        url = value;
                    } else {
                        tokenFile = value;
                    }
                    break;
                case "--json":
                    json = true;
                    break;
                case "-h":
                case "--help":
                    help = true;
                    break;
                default:
                    throw CliException.usage("unknown option '" + name + "'; see 'dx help'");
            }
        }
        if (help) {
            return new CommandLine(Command.HELP, List.of(), url, null, json);
        }
        if (command == null) {
            throw CliException.usage("no command given; see 'dx help'");
        }
        if (operands.size() < command.minOperands) {
            throw CliException.usage("'dx " + command.id() + "' needs a method name, e.g. dx call health");
        }
        if (operands.size() > command.maxOperands) {
            throw CliException.usage("too many arguments for 'dx " + command.id() + "': "
                    + String.join(" ", operands.subList(command.maxOperands, operands.size()))
                    + (command == Command.CALL ? " (quote the params JSON as one argument)" : ""));
        }
        return new CommandLine(command, operands, url, tokenFile == null ? null : Paths.get(tokenFile), json);
    }

    private static Command command(String word) throws CliException {
        for (Command c : Command.values()) {
            if (c.id().equals(word)) {
                return c;
            }
        }
        throw CliException.usage("unknown command '" + word + "'; commands: call, status, methods, health, token, "
                + "help");
    }

    /** @return the method for {@code call} */
    String method() {
        return operands.get(0);
    }

    /** @return the params JSON for {@code call}, or {@code null} */
    String params() {
        return operands.size() > 1 ? operands.get(1) : null;
    }
}
