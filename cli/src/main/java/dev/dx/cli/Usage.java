package dev.dx.cli;

/** The text of {@code dx help}. */
final class Usage {
    static final String TEXT = String.join(System.lineSeparator(),
            "Usage: dx [options] <command> [arguments]",
            "",
            "Talks to the DX gateway of this installation over JSON-RPC 2.0 (POST /rpc).",
            "",
            "Commands:",
            "  call <method> [params]   call any gateway method and print its result as JSON, e.g.",
            "                           dx call methods.list    dx call sessions.list '{\"limit\":5}'",
            "  status                   version, uptime, gateway URL, connections, bundles",
            "  methods                  the methods available now: name, scope, description",
            "  health                   whether the gateway answers",
            "  token                    where the owner token is kept (never prints the token)",
            "  help                     this text",
            "",
            "Options:",
            "  --url <http://host:port> the gateway (default: port and bindAddress in etc/dev.dx.gateway.cfg)",
            "  --token-file <path>      read the token from this file",
            "  --json                   raw JSON instead of the summary (status, methods, health)",
            "",
            "Environment:",
            "  DX_TOKEN                 the token to send instead of the token file's (--token-file wins over it)",
            "  KARAF_ETC, KARAF_DATA    other etc/ and data/ folders, as for Karaf",
            "",
            "Exit status: 0 ok; 1 the gateway answered with an error (or reports itself unhealthy);",
            "2 usage, configuration or connection problem.",
            "");

    private Usage() {
    }
}
