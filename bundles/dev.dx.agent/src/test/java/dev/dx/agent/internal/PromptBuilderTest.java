package dev.dx.agent.internal;

import static dev.dx.agent.internal.Messages.call;
import static dev.dx.agent.internal.Messages.msg;
import static dev.dx.agent.internal.Messages.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.agent.internal.skills.Skill;
import dev.dx.api.model.ModelMessage;
import dev.dx.api.session.Role;

class PromptBuilderTest {
    @TempDir
    Path workspace;

    private AgentSettings agent() {
        return AgentSettings.of(TestAgents.config(Map.of("workspace", workspace.toString(),
                "instructions", "Always sign with ~DX")), "main");
    }

    @Test
    void systemPromptHasWorkspaceFilesSkillsSummaryAndInstructions() throws Exception {
        Files.writeString(workspace.resolve("SOUL.md"), "You are calm.");
        Files.writeString(workspace.resolve("MEMORY.md"), "x".repeat(PromptBuilder.MAX_FILE_CHARS + 100));
        Files.createSymbolicLink(workspace.resolve("USER.md"), Path.of("/etc/passwd"));
        String s = PromptBuilder.system(agent(), List.of(new Skill("weather", "Forecasts", workspace.resolve(
                "skills/weather/SKILL.md"), "workspace", List.of(), List.of(), List.of(), List.of())), "They like tea.");
        assertTrue(s.contains("## SOUL.md\nYou are calm."));
        assertTrue(s.contains("cut at " + PromptBuilder.MAX_FILE_CHARS));
        assertFalse(s.contains("root:"), "a symlinked workspace file is not followed");
        assertTrue(s.contains("- weather: Forecasts"));
        assertTrue(s.contains("They like tea."));
        assertTrue(s.endsWith("Always sign with ~DX\n"));
    }

    @Test
    void transcriptBecomesProviderMessages() {
        List<ModelMessage> m = PromptBuilder.messages(List.of(
                msg(1, Role.USER, "hi"),
                msg(2, Role.ASSISTANT, "let me look"),
                call(3, "c1", "read"),
                call(4, "c2", "exec"),
                result(5, "c1", "read", "file"),
                result(6, "c2", "exec", "out"),
                msg(7, Role.ASSISTANT, "done"),
                msg(8, Role.USER, "again"),
                msg(9, Role.USER, "and again"),
                msg(10, Role.SUMMARY, "ignored here")));
        assertEquals(6, m.size());
        assertEquals(ModelMessage.Role.ASSISTANT, m.get(1).role());
        assertEquals("let me look", m.get(1).text());
        assertEquals(List.of("c1", "c2"), m.get(1).toolCalls().stream().map(c -> c.id()).toList());
        assertEquals("c1", m.get(2).toolCallId());
        assertEquals("c2", m.get(3).toolCallId());
        assertEquals("done", m.get(4).text());
        assertEquals("again\n\nand again", m.get(5).text(), "follow-ups after a failed turn merge");
    }

    @Test
    void toolCallsWithoutAssistantTextStillFormOneMessage() {
        List<ModelMessage> m = PromptBuilder.messages(List.of(msg(1, Role.USER, "go"), call(2, "a", "read"),
                result(3, "a", "read", "x")));
        assertEquals(3, m.size());
        assertEquals(1, m.get(1).toolCalls().size());
        assertEquals(null, m.get(1).text());
    }
}
