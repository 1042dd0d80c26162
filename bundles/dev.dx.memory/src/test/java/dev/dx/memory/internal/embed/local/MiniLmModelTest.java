package dev.dx.memory.internal.embed.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real quantized model: vectors are unit length and meaning, not wording, decides similarity. */
class MiniLmModelTest {

    private static double cos(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    @Test
    void semanticallyCloseSentencesScoreHigherThanUnrelatedOnes(@TempDir Path dir) throws Exception {
        WordPieceTokenizer tok = new WordPieceTokenizer(ModelFiles.vocabulary());
        try (MiniLmModel model = new MiniLmModel(ModelFiles.extractModel(dir), tok, 1, 256, 2)) {
            assertTrue(model.inputs().containsAll(List.of("input_ids", "attention_mask")), model.inputs().toString());
            float[][] v = model.embed(List.of(
                    "My dentist appointment is next Tuesday morning.",
                    "I have to see the tooth doctor on Tuesday.",
                    "The quarterly revenue of the steel company fell sharply.",
                    "Where do I keep the spare house key?",
                    "The extra key for the front door is under the flower pot."));
            for (float[] x : v) {
                assertEquals(MiniLmModel.DIMENSION, x.length);
                assertEquals(1.0, cos(x, x), 1e-4);
            }
            double dentist = cos(v[0], v[1]);
            double unrelated = cos(v[0], v[2]);
            double key = cos(v[3], v[4]);
            double keyVsDentist = cos(v[3], v[1]);
            assertTrue(dentist > unrelated + 0.2, "dentist " + dentist + " vs unrelated " + unrelated);
            assertTrue(key > keyVsDentist + 0.2, "key " + key + " vs " + keyVsDentist);

            // batching and padding do not change a vector
            float[] alone = model.embed(List.of("I have to see the tooth doctor on Tuesday."))[0];
            assertEquals(1.0, cos(alone, v[1]), 1e-4);
        }
    }
}
