package dev.dx.secrets.internal.store;

import java.util.Arrays;
import java.util.regex.Pattern;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.secrets.internal.crypto.Keys;

/** Checks what callers pass in: names, values, new passwords. Messages never echo the input: it might be a secret. */
public final class Inputs {
    /** The shortest master password accepted for a new store or a password change. */
    public static final int MIN_PASSWORD_CHARS = 8;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");

    private Inputs() {
    }

    /** @return whether {@code name} is a valid secret name */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @throws RpcException {@code INVALID_PARAMS} if {@code name} is not a valid secret name */
    static String name(String name) {
        if (!validName(name)) {
            throw RpcException.invalidParams("A secret name is 1-128 characters: lower-case letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit");
        }
        return name;
    }

    /** @return the value as UTF-8, for the caller to zero; refuses empty and oversized values */
    static byte[] value(char[] value) {
        byte[] plain;
        try {
            plain = Keys.utf8(value);
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams("The value is not valid text (it has an unpaired surrogate)");
        }
        if (plain.length == 0 || plain.length > StoreFormat.MAX_VALUE_BYTES) {
            Arrays.fill(plain, (byte) 0);
            throw plain.length == 0 ? RpcException.invalidParams("The value is empty; to remove a secret, delete it")
                    : new RpcException(ErrorCode.TOO_LARGE, "A secret value is at most 64 KiB");
        }
        return plain;
    }

    /** @throws RpcException {@code INVALID_PARAMS} if a new master password is too short */
    static void newPassword(char[] password) {
        if (password.length < MIN_PASSWORD_CHARS) {
            throw RpcException.invalidParams("A master password needs at least " + MIN_PASSWORD_CHARS + " characters");
        }
    }
}
