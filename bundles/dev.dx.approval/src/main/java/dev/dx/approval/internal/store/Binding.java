package dev.dx.approval.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.dx.api.approval.ExecRequest;

/**
 * What a decision is bound to: SHA-256 over an unambiguous encoding of agent, session, every argument, the working
 * directory and the complete environment (sorted by name). Every string is length-prefixed, so no two different
 * requests encode alike — {@code ["a b"]} is not {@code ["a", "b"]}. Only the hash is stored: environment values may
 * be secrets.
 */
public final class Binding {
    private static final byte[] VERSION = "dx-exec-binding-1".getBytes(StandardCharsets.UTF_8);

    private Binding() {
    }

    /** @return the 32-byte binding of {@code r} */
    public static byte[] of(ExecRequest r) {
        MessageDigest md = sha256();
        md.update(VERSION);
        text(md, r.agentId());
        text(md, r.sessionKey());
        list(md, r.argv());
        text(md, r.cwd());
        Map<String, String> env = new TreeMap<>(r.env());
        count(md, env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            text(md, e.getKey());
            text(md, e.getValue());
        }
        return md.digest();
    }

    /** @return whether two bindings are equal, compared in constant time */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private static void list(MessageDigest md, List<String> items) {
        count(md, items.size());
        items.forEach(s -> text(md, s));
    }

    private static void text(MessageDigest md, String s) {
        if (s == null) {
            count(md, -1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        count(md, b.length);
        md.update(b);
    }

    private static void count(MessageDigest md, int n) {
        md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
