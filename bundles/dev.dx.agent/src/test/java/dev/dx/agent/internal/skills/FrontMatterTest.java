package dev.dx.agent.internal.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FrontMatterTest {
    @Test
    void readsTheSubsetSkillsUse() {
        Map<String, Object> fm = FrontMatter.parse("---\nname: weather\ndescription: \"Forecasts: rain or shine\"\n"
                + "requires:\n  bins: [curl, jq]\n  env:\n    - WEATHER_KEY\n  os: linux\n---\n# Body\nname: not this\n");
        assertEquals("weather", fm.get("name"));
        assertEquals("Forecasts: rain or shine", fm.get("description"));
        assertEquals(List.of("curl", "jq"), FrontMatter.list(fm, "requires", "bins"));
        assertEquals(List.of("WEATHER_KEY"), FrontMatter.list(fm, "requires", "env"));
        assertEquals(List.of("linux"), FrontMatter.list(fm, "requires", "os"));
        assertTrue(FrontMatter.parse("no front matter").isEmpty());
    }

    @Test
    void requirementsDecideEligibility() {
        assertTrue(SkillRegistry.missing(List.of("sh"), List.of("PATH"), List.of(SkillRegistry.currentOs())).isEmpty());
        List<String> missing = SkillRegistry.missing(List.of("no-such-program-dx"), List.of("DX_NO_SUCH_VAR"),
                List.of("plan9"));
        assertEquals(3, missing.size(), missing.toString());
        assertTrue(missing.get(0).contains("no-such-program-dx"));
    }
}
