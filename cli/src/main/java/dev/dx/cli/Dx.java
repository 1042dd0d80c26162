package dev.dx.cli;

import java.io.PrintStream;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bin/dx}: the DX command line. Parses the arguments, finds the gateway and its token, makes one JSON-RPC call
 * and prints the answer. Exit status: 0 ok, 1 JSON-RPC error, 2 usage, configuration or connection problem.
 */
public final class Dx {
    private Dx() {
    }

    /** Runs {@code dx} with the process's streams and environment, and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs one {@code dx} command.
     *
     * @param args the command line
     * @param out  where results go
     * @param err  where errors go
     * @param env  the environment: {@code KARAF_HOME} (exported by {@code bin/dx}), {@code KARAF_ETC},
     *             {@code KARAF_DATA}, {@code DX_TOKEN}
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            return execute(CommandLine.parse(args), out, env);
        } catch (CliException e) {
            err.println(e.exitCode() == CliException.RPC_ERROR ? e.getMessage() : "dx: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            // a bug, not a user error; exit 2 so it is never mistaken for a JSON-RPC error (1) in scripts
            err.println("dx: unexpected failure, please report it: " + e);
            return CliException.USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(CommandLine cl, PrintStream out, Map<String, String> env) throws CliException {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        Formatter format = new Formatter(json);
        switch (cl.command()) {
            case HELP:
                out.print(Usage.TEXT);
                return 0;
            case TOKEN:
                out.print(TokenInfo.describe(cl.tokenFile(), env, DxHome.from(env).tokenFile()));
                return 0;
            case CALL:
                JsonNode params = params(json, cl.params());
                JsonNode result = client(cl, env, json).call(cl.method(), params);
                if (result != null) {
                    out.println(format.json(result));
                }
                return 0;
            case STATUS:
                JsonNode status = client(cl, env, json).call("status", null);
                out.print(cl.json() ? format.json(status) + System.lineSeparator() : format.status(status));
                return 0;
            case METHODS:
                JsonNode methods = client(cl, env, json).call("methods.list", null);
                out.print(cl.json() ? format.json(methods) + System.lineSeparator() : format.methods(methods));
                return 0;
            case HEALTH:
                Endpoint endpoint = endpoint(cl, env);
                JsonNode health = new RpcClient(endpoint, token(cl, env), json).call("health", null);
                out.println(cl.json() ? format.json(health) : Formatter.health(health, endpoint));
                return Formatter.healthy(health) ? 0 : CliException.RPC_ERROR;
            default:
                throw new IllegalStateException("unhandled command " + cl.command());
        }
    }

    private static JsonNode params(ObjectMapper json, String params) throws CliException {
        if (params == null || params.isBlank()) {
            return null;
        }
        try {
            return json.readTree(params);
        } catch (JsonProcessingException e) {
            throw new CliException(CliException.USAGE, "the params are not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (at column " + e.getLocation().getColumnNr() + ")" : "")
                    + "; quote them as one argument, e.g. '{\"limit\":5}'", e);
        }
    }

    private static RpcClient client(CommandLine cl, Map<String, String> env, ObjectMapper json) throws CliException {
        return new RpcClient(endpoint(cl, env), token(cl, env), json);
    }

    private static Endpoint endpoint(CommandLine cl, Map<String, String> env) throws CliException {
        return cl.url() != null ? Endpoint.fromUrl(cl.url()) : Endpoint.fromConfig(DxHome.from(env).gatewayConfig());
    }

    private static Token token(CommandLine cl, Map<String, String> env) throws CliException {
        return Token.resolve(cl.tokenFile(), env, DxHome.from(env).tokenFile());
    }
}
