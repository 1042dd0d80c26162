package dev.dx.session.internal.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;

/**
 * The child process of {@link CrashTest}: appends to one session as fast as it can, forever, and prints
 * {@code <seq>;} for every entry the store acknowledged, only after the acknowledgement. Tool calls are followed by
 * their result one append later, so a kill can fall between the two.
 */
public final class CrashAppender {
    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Paths.get(args[0]);
        String key = args[1];
        SqliteSessionStore store = Stores.open(db, null);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        Random random = new Random();
        String calls = "call-" + ProcessHandle.current().pid() + "-";
        for (long i = 0;; i++) {
            List<Message> acked;
            switch ((int) (i % 7)) {
                case 3:
                    acked = List.of(store.append(key, NewMessage.toolCall(calls + i, "exec", Map.of("i", i))));
                    break;
                case 4:
                    acked = List.of(store.append(key, NewMessage.toolResult(calls + (i - 1), "exec", "ok", false)));
                    break;
                case 5:
                    List<NewMessage> batch = new ArrayList<>();
                    for (int b = 0; b < 10; b++) {
                        batch.add(NewMessage.assistant("batch " + i + "/" + b));
                    }
                    acked = store.append(key, batch);
                    break;
                default:
                    acked = List.of(store.append(key, NewMessage.user("x".repeat(100 + random.nextInt(5000)))));
            }
            StringBuilder line = new StringBuilder();
            for (Message m : acked) {
                line.append(m.seq()).append(";\n");
            }
            // one write of a few bytes to a pipe: it arrives whole or not at all
            out.print(line);
            out.flush();
        }
    }
}
