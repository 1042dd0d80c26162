package dev.dx.gateway.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.TestConfigs;

class HttpRequestLimitsTest {
    private final HttpRequestLimits limits = new HttpRequestLimits();

    @Test
    void anAddressOverItsRateWaitsAndOthersDoNot() {
        limits.configure(TestConfigs.gateway(Map.of("requestsPerSecond", 10, "requestBurst", 3)));
        for (int i = 0; i < 3; i++) {
            limits.acquire("10.0.0.1").close();
        }
        RpcException e = assertThrows(RpcException.class, () -> limits.acquire("10.0.0.1"));
        assertEquals(ErrorCode.RATE_LIMITED, e.error());
        assertTrue(e.retryAfterMs() > 0 && e.retryAfterMs() <= 100, "retryAfterMs " + e.retryAfterMs());
        limits.acquire("10.0.0.2").close();
    }

    @Test
    void requestsInFlightPerAddressAreCapped() {
        limits.configure(TestConfigs.gateway(Map.of("maxInFlight", 2)));
        List<HttpRequestLimits.Slot> open = new ArrayList<>();
        open.add(limits.acquire("10.0.0.1"));
        open.add(limits.acquire("10.0.0.1"));
        RpcException e = assertThrows(RpcException.class, () -> limits.acquire("10.0.0.1"));
        assertEquals(ErrorCode.RATE_LIMITED, e.error());
        assertTrue(e.retryAfterMs() > 0);
        limits.acquire("10.0.0.2").close();
        open.remove(0).close();
        open.add(limits.acquire("10.0.0.1"));
        open.forEach(HttpRequestLimits.Slot::close);
    }

    @Test
    void newLimitsApplyToAddressesAlreadySeen() {
        limits.configure(TestConfigs.gateway(Map.of("requestsPerSecond", 1, "requestBurst", 1)));
        limits.acquire("10.0.0.1").close();
        assertThrows(RpcException.class, () -> limits.acquire("10.0.0.1"));
        limits.configure(TestConfigs.gateway(Map.of("requestsPerSecond", 1000, "requestBurst", 1000)));
        for (int i = 0; i < 100; i++) {
            limits.acquire("10.0.0.1").close();
        }
    }

    @Test
    void idleAddressesAreForgottenSoTheMapStaysBounded() {
        limits.configure(TestConfigs.gateway(Map.of("requestsPerSecond", 1_000_000, "requestBurst", 1)));
        for (int i = 0; i < HttpRequestLimits.MAX_TRACKED * 3; i++) {
            limits.acquire("10.1." + (i >> 8) + "." + (i & 0xff)).close();
        }
        assertTrue(limits.tracked() <= HttpRequestLimits.MAX_TRACKED, "tracked " + limits.tracked());
    }
}
