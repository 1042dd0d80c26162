package dev.dx.provider.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dx.provider.internal.codec.StreamDecoder;

class SseParserTest {
    private final List<String> seen = new ArrayList<>();
    private final SseParser sse = new SseParser(new StreamDecoder() {
        @Override
        public void event(String name, String data) {
            seen.add(name + "|" + data);
        }

        @Override
        public boolean complete() {
            return false;
        }
    });

    @Test
    void dispatchesEventsAtBlankLines() throws Exception {
        for (String line : List.of("event: message_start", "data: {\"a\":1}", "", ": keep-alive comment", "",
                "data: {\"b\":2}", "", "event:ping", "data:{}", "id: 7", "retry: 100", "")) {
            sse.line(line);
        }
        assertEquals(List.of("message_start|{\"a\":1}", "null|{\"b\":2}", "ping|{}"), seen);
        assertEquals(3, sse.events());
    }

    @Test
    void joinsMultiLineDataAndFlushesAtTheEnd() throws Exception {
        sse.line("data: first");
        sse.line("data:  second");
        sse.line("");
        sse.line("data: [DONE]");
        sse.end();
        assertEquals(List.of("null|first\n second", "null|[DONE]"), seen);
    }

    @Test
    void anEventWithoutDataIsNothing() throws Exception {
        sse.line("event: lonely");
        sse.line("");
        sse.line("data: x");
        sse.line("");
        assertEquals(List.of("null|x"), seen);
    }
}
