package dev.dx.testsupport.fakemodel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted answer of the {@link FakeModelServer}, written in whichever protocol the request used. Either a
 * streamed turn (thinking, text and tool-call blocks, in order) or an HTTP error; timing and faults are options:
 *
 * <pre>
 * Reply.ofText("Hello there").chunks(3).chunkDelay(Duration.ofMillis(5))
 * Reply.stream().thinking("hmm").toolCall("call_1", "read", "{\"path\":\"a\"}").chunks(4)
 * Reply.rateLimited(1)                       // 429 with Retry-After: 1
 * Reply.ofText("cut short").chunks(4).cutAfter(2)   // socket closed after two deltas
 * </pre>
 *
 * A reply is a mutable builder: build it, enqueue it, do not change it afterwards.
 *
 * @since 0.1
 */
public final class Reply {
    /** What a block of a streamed turn is. */
    public enum Kind { THINKING, TEXT, TOOL_CALL }

    /**
     * A block of a streamed turn.
     *
     * @param kind      what it is
     * @param text      thinking or answer text; for tool calls the arguments JSON
     * @param id        the tool call id, else {@code null}
     * @param name      the tool name, else {@code null}
     */
    public record Block(Kind kind, String text, String id, String name) {
    }

    final List<Block> blocks = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    int status = 200;
    String errorMessage;
    int chunks = 1;
    Duration chunkDelay = Duration.ZERO;
    Duration firstByteDelay = Duration.ZERO;
    long inputTokens = 11;
    long outputTokens = -1;
    String stopReason;
    int cutAfter = -1;
    String streamErrorType;
    String streamErrorMessage;

    private Reply() {
    }

    /** @return an empty streamed turn, to add blocks to */
    public static Reply stream() {
        return new Reply();
    }

    /** @return a streamed turn with one text block */
    public static Reply ofText(String text) {
        return stream().text(text);
    }

    /** @return a streamed turn with one tool call */
    public static Reply ofToolCall(String id, String name, String argumentsJson) {
        return stream().toolCall(id, name, argumentsJson);
    }

    /** @return an HTTP error with a JSON body in the protocol's error shape */
    public static Reply error(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
        }
        Reply r = new Reply();
        r.status = status;
        r.errorMessage = Objects.requireNonNull(message, "message must not be null");
        return r;
    }

    /** @return HTTP 429 with {@code Retry-After: seconds} */
    public static Reply rateLimited(int retryAfterSeconds) {
        return error(429, "Rate limit reached; try again later").retryAfter(Integer.toString(retryAfterSeconds));
    }

    /** @return an overload answer: 529 (Anthropic's) or 503 */
    public static Reply overloaded(int status) {
        return error(status, "Overloaded");
    }

    /** Adds a thinking block (Anthropic thinking, OpenAI reasoning summary, {@code reasoning_content} on chat). */
    public Reply thinking(String text) {
        blocks.add(new Block(Kind.THINKING, text, null, null));
        return this;
    }

    /** Adds a text block. */
    public Reply text(String text) {
        blocks.add(new Block(Kind.TEXT, text, null, null));
        return this;
    }

    /** Adds a tool call whose arguments (a JSON object) are streamed in {@link #chunks(int)} pieces. */
    public Reply toolCall(String id, String name, String argumentsJson) {
        blocks.add(new Block(Kind.TOOL_CALL, argumentsJson, id, name));
        return this;
    }

    /** Splits every block's text (or arguments) into {@code n} deltas. */
    public Reply chunks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunks must be at least 1");
        }
        this.chunks = n;
        return this;
    }

    /** Waits this long before each delta. */
    public Reply chunkDelay(Duration delay) {
        this.chunkDelay = Objects.requireNonNull(delay);
        return this;
    }

    /** Waits this long before writing anything (status line included). */
    public Reply firstByteDelay(Duration delay) {
        this.firstByteDelay = Objects.requireNonNull(delay);
        return this;
    }

    /** The usage reported at the end; by default 11 input tokens and one output token per delta. */
    public Reply usage(long input, long output) {
        this.inputTokens = input;
        this.outputTokens = output;
        return this;
    }

    /** Overrides the stop reason: {@code end}, {@code tool_calls}, {@code max_tokens}, or a protocol's own word. */
    public Reply stopReason(String reason) {
        this.stopReason = reason;
        return this;
    }

    /** Closes the socket, without the end events, right after the {@code n}-th delta ({@code 0}: before the first). */
    public Reply cutAfter(int n) {
        this.cutAfter = n;
        return this;
    }

    /** Ends the stream with the protocol's in-stream error event instead of the normal end events. */
    public Reply streamError(String type, String message) {
        this.streamErrorType = type;
        this.streamErrorMessage = message;
        return this;
    }

    /** Adds a response header. */
    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sets {@code Retry-After} (seconds or an HTTP date). */
    public Reply retryAfter(String value) {
        return header("Retry-After", value);
    }

    /** @return the normalised stop reason: the override, else {@code tool_calls} if a tool was called, else {@code end} */
    String stop() {
        if (stopReason != null) {
            return stopReason;
        }
        return blocks.stream().anyMatch(b -> b.kind() == Kind.TOOL_CALL) ? "tool_calls" : "end";
    }

    /** @return the output tokens to report */
    long output() {
        return outputTokens >= 0 ? outputTokens : (long) blocks.size() * chunks;
    }

    /** Splits text into {@link #chunks} nearly equal pieces, never inside a surrogate pair. */
    List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int n = Math.min(chunks, Math.max(1, text.codePointCount(0, text.length())));
        int points = text.codePointCount(0, text.length());
        int start = 0;
        for (int i = 1; i <= n; i++) {
            int end = text.offsetByCodePoints(0, (int) ((long) points * i / n));
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }
}
