package dev.dx.memory.internal.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/** Decides whether an index folder can be used as it is, and empties it when it cannot. */
final class IndexCheck {
    private IndexCheck() {
    }

    /** @return {@code null} if the index opens fine, an empty string if there is none, else what is wrong */
    static String problem(Path dir) {
        try (Directory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) {
                try (Stream<Path> files = Files.list(dir)) {
                    return files.anyMatch(f -> !f.getFileName().toString().equals("write.lock"))
                            ? "no commit point, only stray files" : "";
                }
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                String schema = r.getIndexCommit().getUserData().get(Fields.SCHEMA);
                if (!Fields.SCHEMA_VERSION.equals(schema)) {
                    return "layout " + schema + ", expected " + Fields.SCHEMA_VERSION;
                }
                // touch every segment's stored fields once: a truncated or garbled file fails here, not in a search
                StoredFields stored = r.storedFields();
                for (LeafReaderContext leaf : r.leaves()) {
                    if (leaf.reader().maxDoc() > 0) {
                        stored.document(leaf.docBase);
                    }
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isDirectory(f)) {
                    deleteContents(f);
                }
                Files.deleteIfExists(f);
            }
        }
    }

}
