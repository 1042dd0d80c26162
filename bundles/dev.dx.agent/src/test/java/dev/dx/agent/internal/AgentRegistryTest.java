package dev.dx.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.api.rpc.RpcException;

class AgentRegistryTest {
    private static Agent agent(String id, String... bindings) {
        Agent a = new Agent();
        a.configure(TestAgents.config(Map.of("id", id, "bindings", bindings)), Map.of());
        return a;
    }

    @Test
    void theMostSpecificBindingWins() {
        AgentRegistry r = new AgentRegistry();
        r.addAgent(agent("main"));
        r.addAgent(agent("tg", "telegram"));
        r.addAgent(agent("work", "telegram:bot1"));
        r.addAgent(agent("mom", "telegram:bot1:dm:42"));
        assertEquals("mom", r.route("telegram", "bot1", "dm:42"));
        assertEquals("work", r.route("telegram", "bot1", "dm:43"));
        assertEquals("tg", r.route("telegram", "bot2", "dm:42"));
        assertEquals("main", r.route("discord", "x", "y"));
        assertEquals("tg", r.route("telegram", "bot10", "dm:1"), "a prefix must end at a segment boundary");
        assertThrows(RpcException.class, () -> r.get("nobody"));
    }
}
