package dev.dx.gateway.internal.event;

import dev.dx.api.rpc.RpcException;

/**
 * A subscription pattern over EventAdmin topics: an exact topic ({@code dx/session/CREATED}), a prefix ending in
 * {@code /*} ({@code dx/session/*} matches everything below {@code dx/session/}), or {@code *} for every topic.
 */
public final class TopicPattern {
    private final String text;
    private final String prefix;

    private TopicPattern(String text, String prefix) {
        this.text = text;
        this.prefix = prefix;
    }

    /**
     * @throws RpcException {@link dev.dx.api.rpc.ErrorCode#INVALID_PARAMS} for a malformed pattern
     */
    public static TopicPattern of(String text) {
        if (text == null || text.isEmpty() || text.length() > 200 || !text.matches("\\*|[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*(/\\*)?")) {
            throw RpcException.invalidParams("Invalid topic pattern '" + text + "': use a topic such as "
                    + "dx/session/CREATED, a prefix such as dx/session/*, or *");
        }
        if (text.equals("*")) {
            return new TopicPattern(text, "");
        }
        if (text.endsWith("/*")) {
            return new TopicPattern(text, text.substring(0, text.length() - 1));
        }
        return new TopicPattern(text, null);
    }

    public boolean matches(String topic) {
        return prefix == null ? text.equals(topic) : topic.startsWith(prefix);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPattern && ((TopicPattern) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
