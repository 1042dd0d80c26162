package dev.dx.agent.internal.skills;

import java.nio.file.Path;
import java.util.List;

/**
 * A skill: a folder with a {@code SKILL.md} whose front matter says what it is for and what it needs.
 *
 * @param name        the skill name
 * @param description when to use it
 * @param path        its SKILL.md, which the model reads with the read tool
 * @param source      {@code workspace} or {@code shared}
 * @param bins        programs it needs on the PATH
 * @param env         environment variables it needs
 * @param os          operating systems it runs on (empty: any)
 * @param missing     why it is not eligible; empty when it is
 */
public record Skill(String name, String description, Path path, String source, List<String> bins, List<String> env,
        List<String> os, List<String> missing) {
    public boolean eligible() {
        return missing.isEmpty();
    }
}
