package dev.dx.memory.internal.files;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dx.api.memory.MemoryStore;

/**
 * A workspace memory file: {@code <root>/<agent>/MEMORY.md} or {@code <root>/<agent>/memory/<name>.md}.
 *
 * @param agent the agent (the workspace folder's name)
 * @param path  the path inside the workspace, with {@code /}: {@code MEMORY.md}, {@code memory/2024-05-01.md}
 * @param file  the file
 */
public record MemoryFile(String agent, String path, Path file) {
    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})");

    /** @return the document id, {@code file:<agent>/<path>} */
    public String id() {
        return MemoryStore.FILE_ID_PREFIX + agent + "/" + path;
    }

    /** @return the day in the file name (daily notes such as {@code memory/2024-05-01.md}) at 00:00 UTC, or null */
    public Instant date() {
        Matcher m = DATE.matcher(file.getFileName().toString());
        if (!m.find()) {
            return null;
        }
        try {
            return LocalDate.parse(m.group(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
