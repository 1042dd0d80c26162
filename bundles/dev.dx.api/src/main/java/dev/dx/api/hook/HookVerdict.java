package dev.dx.api.hook;

/**
 * What a hook decided.
 *
 * @param veto   whether the message or call must not go ahead
 * @param reason for a veto: why, in words the user (or the model) understands
 * @since 0.1
 */
public record HookVerdict(boolean veto, String reason) {
    private static final HookVerdict ALLOW = new HookVerdict(false, null);

    /** @return a verdict that lets things go ahead */
    public static HookVerdict allow() {
        return ALLOW;
    }

    /** @return a veto with its reason */
    public static HookVerdict veto(String reason) {
        return new HookVerdict(true, reason == null || reason.isBlank() ? "vetoed without a reason" : reason);
    }
}
