package dev.dx.provider.internal.http;

import java.io.IOException;

import dev.dx.provider.internal.codec.StreamDecoder;

/**
 * Server-sent events, one line at a time (WHATWG rules: {@code event:} and {@code data:} fields, multi-line data
 * joined with newlines, comments and unknown fields ignored, an event dispatched at the blank line that ends it).
 */
final class SseParser {
    private final StreamDecoder decoder;
    private String event;
    private StringBuilder data;
    private int events;

    SseParser(StreamDecoder decoder) {
        this.decoder = decoder;
    }

    /** Feeds one line, without its terminator. */
    void line(String line) throws IOException {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // id, retry: meaningless for a single POST
            }
        }
    }

    /** Dispatches a last event the server did not end with a blank line. */
    void end() throws IOException {
        dispatch();
    }

    /** @return how many events were dispatched */
    int events() {
        return events;
    }

    private void dispatch() throws IOException {
        if (data != null) {
            String d = data.toString();
            String e = event;
            data = null;
            event = null;
            events++;
            decoder.event(e, d);
        } else {
            event = null;
        }
    }
}
