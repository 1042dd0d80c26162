package dev.dx.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Session;
import dev.dx.testsupport.component.Inject;

/** Inbound routes reach the agent their most specific binding names, unless the caller names one. */
class SessionResolverTest {
    @TempDir
    Path dir;

    @Test
    void bindingsChooseTheAgentOfAnInboundRoute() throws Exception {
        try (AgentRuntime rt = new AgentRuntime(dir)) {
            rt.agents.addAgent(AgentRegistryTest.agent("work", "telegram:bot1"));
            rt.agents.addAgent(AgentRegistryTest.agent("mom", "telegram:bot1:dm:42"));
            SessionResolver r = new SessionResolver();
            Inject.field(r, "store", rt.store);
            Inject.field(r, "agents", rt.agents);

            Session mom = r.resolve("telegram:bot1:dm:42", null, true);
            assertEquals("mom", mom.agentId());
            assertEquals("agent:mom:telegram:bot1:dm:42", mom.routingKey());
            assertEquals("work", r.resolve("telegram:bot1:group:7", null, true).agentId());
            assertEquals("main", r.resolve("discord:guild:chan", null, true).agentId(), "no binding: main");
            assertEquals("work", r.resolve("telegram:bot1:dm:42", "work", true).agentId(), "a named agent wins");
            assertEquals(mom.key(), r.resolve("telegram:bot1:dm:42", null, false).key(), "the same session again");
            assertEquals("agent:main:main", r.resolve(null, null, true).routingKey());
            assertThrows(RpcException.class, () -> r.resolve("../etc:passwd", null, true));
            assertThrows(RpcException.class, () -> r.resolve("telegram:bot1:dm:42", "ghost", true));
        }
    }
}
