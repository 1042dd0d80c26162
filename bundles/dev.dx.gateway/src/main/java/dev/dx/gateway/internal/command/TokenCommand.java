package dev.dx.gateway.internal.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.gateway.internal.auth.TokenStore;

/** {@code gateway:token}: where the owner token is and how to use it; {@code --rotate} replaces it. */
@Service
@Command(scope = "gateway", name = "token", description = "Shows how to obtain the gateway owner token, or rotates it")
public final class TokenCommand implements Action {
    @Reference
    private TokenStore tokens;

    @Option(name = "--rotate", description = "Replace the owner token; clients using the old one are disconnected")
    private boolean rotate;

    @Option(name = "--show", description = "Print the token itself (mind who can see your screen)")
    private boolean show;

    @Override
    public Object execute() throws Exception {
        if (rotate) {
            tokens.rotate();
            System.out.println("Rotated. The new owner token is in " + tokens.tokenFile());
        }
        if (show) {
            System.out.println(Files.readString(tokens.tokenFile(), StandardCharsets.US_ASCII).trim());
            return null;
        }
        System.out.println("The owner token (all scopes) is in " + tokens.tokenFile() + ", readable by its owner only.");
        System.out.println("HTTP:      Authorization: Bearer <token>   (POST /rpc, GET /metrics)");
        System.out.println("WebSocket: the same header, or {\"method\":\"connect\",\"params\":{\"token\":\"<token>\"}} first");
        System.out.println("bin/dx reads it by itself. Rotate with gateway:token --rotate; print with --show.");
        System.out.println("Tokens with fewer scopes: gateway:token-create <name> <scope...>");
        return null;
    }
}
