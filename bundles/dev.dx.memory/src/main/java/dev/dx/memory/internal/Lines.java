package dev.dx.memory.internal;

/**
 * A range of lines of a text, for reading a long memory in parts.
 *
 * @param text       the lines, joined with {@code \n}
 * @param fromLine   the first line returned, from 1
 * @param toLine     the last line returned (less than {@code fromLine} if none)
 * @param totalLines how many lines the text has
 */
public record Lines(String text, int fromLine, int toLine, int totalLines) {
    /**
     * @param text     the whole text
     * @param fromLine the first line wanted, from 1; 0 or less means 1
     * @param count    how many lines; 0 or less means all
     * @param maxChars the most characters returned; the range ends early to stay within it
     * @return the range
     */
    public static Lines of(String text, int fromLine, int count, int maxChars) {
        String[] all = text.split("\n", -1);
        int from = Math.max(1, fromLine);
        int to = count <= 0 ? all.length : Math.min(all.length, from + count - 1);
        StringBuilder sb = new StringBuilder();
        int last = from - 1;
        for (int i = from; i <= to; i++) {
            String line = all[i - 1];
            if (sb.length() + line.length() + 1 > maxChars && i > from) {
                break;
            }
            if (i > from) {
                sb.append('\n');
            }
            sb.append(line.length() > maxChars ? line.substring(0, maxChars) : line);
            last = i;
        }
        return new Lines(sb.toString(), from, last, all.length);
    }
}
