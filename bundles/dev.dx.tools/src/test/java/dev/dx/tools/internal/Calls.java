package dev.dx.tools.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolResult;

/** Invokes a tool the way the agent runtime does. */
public final class Calls {
    private Calls() {
    }

    public static ToolResult call(Tool tool, Path workspace, Object... nameThenValue) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < nameThenValue.length; i += 2) {
            args.put((String) nameThenValue[i], nameThenValue[i + 1]);
        }
        return tool.invoke(new ToolInvocation("call-1", "main", "01JTESTSESSION0000000000000", "run-1", workspace,
                args));
    }
}
