package dev.dx.memory.internal.embed.local;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * all-MiniLM-L6-v2 on ONNX Runtime, the way sentence-transformers runs it: WordPiece ids, the transformer, mean
 * pooling over the attention mask, L2 normalisation. A text longer than one window ({@code maxTokens}) is embedded
 * window by window (up to {@code maxWindows}) and the window vectors are averaged, so the whole of a long chunk
 * counts; {@code maxWindows = 1} is plain truncation as in sentence-transformers. Thread-safe.
 */
public final class MiniLmModel implements AutoCloseable {
    /** The output vector length. */
    public static final int DIMENSION = 384;
    /**
     * Windows run one at a time: the model quantizes activations per tensor, so a text's vector would otherwise depend
     * on the other texts of its batch (measured: cosine 0.987 between the same text alone and padded in a batch). One
     * at a time, a text always gets the same vector, whether it is a query or a stored passage.
     */
    private static final int RUN_BATCH = 1;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;
    private final int maxTokens;
    private final int maxWindows;
    private final boolean typeIds;

    /**
     * @param modelFile  the ONNX file
     * @param tokenizer  the matching tokenizer
     * @param threads    intra-op threads of the model run (the calling thread is one of them)
     * @param maxTokens  the window length including {@code [CLS]} and {@code [SEP]}, at most 512
     * @param maxWindows how many windows of a long text are embedded
     * @throws OrtException if ONNX Runtime cannot load the model
     */
    public MiniLmModel(Path modelFile, WordPieceTokenizer tokenizer, int threads, int maxTokens, int maxWindows)
            throws OrtException {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer must not be null");
        this.maxTokens = Math.max(8, Math.min(512, maxTokens));
        this.maxWindows = Math.max(1, maxWindows);
        this.env = OrtEnvironment.getEnvironment();
        // memory stays on this machine: no usage events to Microsoft (Windows builds send them unless told not to)
        env.setTelemetry(false);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // no arena: memory goes back after a large batch instead of staying reserved for the next one
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            this.session = env.createSession(modelFile.toString(), options);
        }
        this.typeIds = session.getInputNames().contains("token_type_ids");
    }

    /** @return the input names of the model, for diagnostics */
    public List<String> inputs() {
        return List.copyOf(session.getInputNames());
    }

    /**
     * @param texts the texts
     * @return one unit-length vector of {@value #DIMENSION} floats per text
     * @throws OrtException if the model run fails
     */
    public float[][] embed(List<String> texts) throws OrtException {
        List<int[]> windows = new ArrayList<>();
        int[] owner = new int[texts.size() * maxWindows];
        for (int t = 0; t < texts.size(); t++) {
            for (int[] w : windows(texts.get(t))) {
                owner[windows.size()] = t;
                windows.add(w);
            }
        }
        float[][] windowVectors = run(windows);
        float[][] out = new float[texts.size()][DIMENSION];
        for (int w = 0; w < windows.size(); w++) {
            float[] v = windowVectors[w];
            float[] o = out[owner[w]];
            for (int i = 0; i < DIMENSION; i++) {
                o[i] += v[i];
            }
        }
        for (float[] o : out) {
            normalize(o);
        }
        return out;
    }

    /** Splits the WordPiece ids of a text into {@code [CLS] ... [SEP]} windows. */
    List<int[]> windows(String text) {
        int[] pieces = tokenizer.wordPieceIds(text);
        int body = maxTokens - 2;
        List<int[]> result = new ArrayList<>();
        for (int start = 0; result.size() < maxWindows && (start < pieces.length || result.isEmpty()); start += body) {
            int n = Math.min(body, pieces.length - start);
            int[] ids = new int[n + 2];
            ids[0] = tokenizer.cls();
            System.arraycopy(pieces, start, ids, 1, n);
            ids[n + 1] = tokenizer.sep();
            result.add(ids);
        }
        return result;
    }

    /** Runs windows through the model in length-sorted batches; returns their pooled, normalised vectors. */
    private float[][] run(List<int[]> windows) throws OrtException {
        Integer[] order = new Integer[windows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> windows.get(i).length));
        float[][] result = new float[windows.size()][];
        for (int from = 0; from < order.length; from += RUN_BATCH) {
            int to = Math.min(order.length, from + RUN_BATCH);
            List<int[]> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(windows.get(order[i]));
            }
            float[][] vectors = runBatch(batch);
            for (int i = from; i < to; i++) {
                result[order[i]] = vectors[i - from];
            }
        }
        return result;
    }

    private float[][] runBatch(List<int[]> batch) throws OrtException {
        int rows = batch.size();
        int len = 0;
        for (int[] ids : batch) {
            len = Math.max(len, ids.length);
        }
        long[] ids = new long[rows * len];
        long[] mask = new long[rows * len];
        for (int r = 0; r < rows; r++) {
            int[] w = batch.get(r);
            for (int i = 0; i < w.length; i++) {
                ids[r * len + i] = w[i];
                mask[r * len + i] = 1;
            }
        }
        long[] shape = {rows, len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * len]), shape));
            }
            try (OrtSession.Result out = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) out.get(0)).getFloatBuffer();
                float[][] pooled = new float[rows][DIMENSION];
                for (int r = 0; r < rows; r++) {
                    int count = batch.get(r).length;
                    float[] p = pooled[r];
                    for (int t = 0; t < count; t++) {
                        int base = (r * len + t) * DIMENSION;
                        for (int d = 0; d < DIMENSION; d++) {
                            p[d] += hidden.get(base + d);
                        }
                    }
                    for (int d = 0; d < DIMENSION; d++) {
                        p[d] /= count;
                    }
                    normalize(p);
                }
                return pooled;
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    static void normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm > 1e-12) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
