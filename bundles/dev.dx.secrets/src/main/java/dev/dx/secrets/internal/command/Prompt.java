package dev.dx.secrets.internal.command;

import java.io.IOException;
import java.util.Arrays;

import org.apache.karaf.shell.api.console.Session;

/** Masked console input: passwords and values are typed at a prompt, never on the command line or in the history. */
final class Prompt {
    private Prompt() {
    }

    /**
     * @return what was typed, for the caller to zero
     * @throws IllegalStateException if nothing was typed or the console closed
     */
    static char[] masked(Session session, String prompt) throws IOException {
        String line = session.readLine(prompt, '*');
        if (line == null || line.isEmpty()) {
            throw new IllegalStateException("Nothing was entered; nothing changed");
        }
        return line.toCharArray();
    }

    /** Asks twice; @return the new password if both entries match, for the caller to zero */
    static char[] confirmed(Session session, String prompt) throws IOException {
        char[] first = masked(session, prompt);
        char[] second = masked(session, "Repeat it: ");
        try {
            if (!Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                throw new IllegalStateException("The two entries differ; nothing changed");
            }
            return first;
        } finally {
            Arrays.fill(second, '\0');
        }
    }
}
