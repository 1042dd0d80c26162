package dev.dx.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BytesTest {
    private static final byte[] HEAD = Bytes.ascii("{\"jsonrpc\":\"2.0\",\"id\":");
    private static final byte[] TAIL = Bytes.ascii(",\"result\":{\"ok\":true}}");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesDecimals() {
        byte[] buf = new byte[32];
        for (long v : new long[] {0, 7, 10, 12345, Long.MAX_VALUE}) {
            int end = Bytes.putDecimal(buf, 3, v);
            assertEquals(Long.toString(v), new String(buf, 3, end - 3, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void recognisesExactlyTheAnswerToOneId() {
        byte[] ok = b("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"ok\":true}}");
        assertTrue(Bytes.isMessage(ok, ok.length, HEAD, 42, TAIL));
        assertFalse(Bytes.isMessage(ok, ok.length, HEAD, 4, TAIL));
        assertFalse(Bytes.isMessage(ok, ok.length, HEAD, 421, TAIL));
        assertFalse(Bytes.isMessage(ok, ok.length - 1, HEAD, 42, TAIL));
        byte[] err = b("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-32029}}");
        assertFalse(Bytes.isMessage(err, err.length, HEAD, 42, TAIL));
    }

    @Test
    void findsTheIdOfAnAnswer() {
        byte[] err = b("{\"jsonrpc\":\"2.0\",\"id\":1234,\"error\":{\"code\":-32029}}");
        assertEquals(1234, Bytes.decimalAfter(err, err.length, Bytes.ascii("\"id\":")));
        byte[] noId = b("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{}}");
        assertEquals(-1, Bytes.decimalAfter(noId, noId.length, Bytes.ascii("\"id\":")));
        assertEquals(-1, Bytes.decimalAfter(noId, noId.length, Bytes.ascii("\"nothere\":")));
    }
}
