package dev.dx.memory.internal.work;

/** Vector helpers. */
public final class Vectors {
    private Vectors() {
    }

    /** @return a unit-length copy of {@code v} (dot product is then cosine similarity), or a copy if it is zero */
    public static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] out = v.clone();
        if (sum > 0) {
            double inv = 1 / Math.sqrt(sum);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * inv);
            }
        }
        return out;
    }
}
