package dev.dx.memory.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;

import dev.dx.api.memory.Embedder;
import dev.dx.memory.internal.index.LuceneIndex;
import dev.dx.memory.internal.index.VectorSpace;
import dev.dx.memory.internal.work.Vectors;

/** How many of the exact 10 nearest neighbours the HNSW search (k = 50, as memory searches) returns in its top 10. */
final class HnswRecall {
    private HnswRecall() {
    }

    static double measure(LuceneIndex index, Embedder embedder, List<String> queries) throws Exception {
        VectorSpace space = VectorSpace.of(embedder.id(), embedder.model(), embedder.dimension());
        IndexSearcher s = index.acquire();
        try {
            int found = 0;
            int total = 0;
            for (String q : queries) {
                float[] v = Vectors.normalized(embedder.embed(List.of(q))[0]);
                Set<Integer> approx = new HashSet<>();
                ScoreDoc[] top = s.search(new KnnFloatVectorQuery(space.field(), v, 50), 50).scoreDocs;
                for (int i = 0; i < Math.min(10, top.length); i++) {
                    approx.add(top[i].doc);
                }
                for (int doc : exact(s, space.field(), v, 10)) {
                    total++;
                    found += approx.contains(doc) ? 1 : 0;
                }
            }
            return total == 0 ? 0 : (double) found / total;
        } finally {
            index.release(s);
        }
    }

    private static List<Integer> exact(IndexSearcher s, String field, float[] q, int k) throws Exception {
        PriorityQueue<float[]> best = new PriorityQueue<>((a, b) -> Float.compare(a[0], b[0]));
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
            if (values == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
                if (live != null && !live.get(d)) {
                    continue;
                }
                float score = VectorSimilarityFunction.DOT_PRODUCT.compare(q, values.vectorValue());
                best.add(new float[] {score, leaf.docBase + d});
                if (best.size() > k) {
                    best.poll();
                }
            }
        }
        List<Integer> out = new ArrayList<>();
        for (float[] e : best) {
            out.add((int) e[1]);
        }
        return out;
    }
}
