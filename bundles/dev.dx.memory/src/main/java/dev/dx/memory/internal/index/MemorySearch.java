package dev.dx.memory.internal.index;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;

import dev.dx.api.memory.MemoryHit;
import dev.dx.api.memory.SearchOptions;
import dev.dx.memory.internal.rank.Candidate;
import dev.dx.memory.internal.rank.HybridRanker;
import dev.dx.memory.internal.rank.Scored;
import dev.dx.memory.internal.rank.Snippets;

/**
 * One search over the index: BM25 candidates and vector (HNSW) candidates under the same filters, merged and ranked
 * by {@link HybridRanker}, turned into hits with snippets. Natural-language queries are analysed like the text, so
 * there is no query syntax to get wrong.
 */
public final class MemorySearch {
    private static final Set<String> HIT_FIELDS = Set.of(Fields.DOC, Fields.CHUNK, Fields.TEXT, Fields.SOURCE,
            Fields.PATH, Fields.AGENT, Fields.CREATED, Fields.TAG, Fields.START_LINE, Fields.END_LINE);

    /**
     * How to rank.
     *
     * @param candidates   how many candidates each of text and vector search contributes
     * @param textWeight   weight of the text score in hybrid search
     * @param vectorWeight weight of the vector score in hybrid search
     * @param halfLifeDays recency half-life for dated memories, 0 = off
     * @param mmrLambda    maximal marginal relevance trade-off; 1 or more = off
     * @param snippetChars longest snippet
     */
    public record Settings(int candidates, double textWeight, double vectorWeight, double halfLifeDays,
            double mmrLambda, int snippetChars) {
    }

    /**
     * The vector half of a search.
     *
     * @param space  the space to search
     * @param vector the query's embedding, unit length
     */
    public record VectorQuery(VectorSpace space, float[] vector) {
    }

    private final LuceneIndex index;
    private final QueryBuilder queries = new QueryBuilder(new MemoryAnalyzer());

    /** @param index the index to search */
    public MemorySearch(LuceneIndex index) {
        this.index = index;
    }

    /**
     * @param query    the user's query
     * @param options  mode, limit, filters
     * @param useText  whether to run the BM25 half
     * @param vector   the vector half, or {@code null}
     * @param settings ranking settings
     * @param nowMs    the current time
     * @return hits, best first
     */
    public List<MemoryHit> search(String query, SearchOptions options, boolean useText, VectorQuery vector,
            Settings settings, long nowMs) throws IOException {
        IndexSearcher s = index.acquire();
        try {
            Query filter = filter(options);
            int k = Math.max(settings.candidates(), options.limit());
            Map<Integer, double[]> raw = new LinkedHashMap<>();
            if (useText) {
                Query text = queries.createBooleanQuery(Fields.TEXT, query, Occur.SHOULD);
                if (text != null) {
                    Query q = filter == null ? text
                            : new BooleanQuery.Builder().add(text, Occur.MUST).add(filter, Occur.FILTER).build();
                    for (ScoreDoc sd : s.search(q, k).scoreDocs) {
                        raw.computeIfAbsent(sd.doc, d -> new double[] {Double.NaN, Double.NaN})[0] = sd.score;
                    }
                }
            }
            if (vector != null) {
                TopDocs top = s.search(new KnnFloatVectorQuery(vector.space().field(), vector.vector(), k, filter), k);
                for (ScoreDoc sd : top.scoreDocs) {
                    // DOT_PRODUCT scores are (1 + cosine) / 2
                    raw.computeIfAbsent(sd.doc, d -> new double[] {Double.NaN, Double.NaN})[1] = 2 * sd.score - 1;
                }
            }
            if (raw.isEmpty()) {
                return List.of();
            }
            int[] docs = raw.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            long[] created = settings.halfLifeDays() > 0 ? docValues(s.getIndexReader(), docs, Fields.CREATED) : null;
            long[] dated = settings.halfLifeDays() > 0 ? docValues(s.getIndexReader(), docs, Fields.DATED) : null;
            List<Candidate> candidates = new ArrayList<>(docs.length);
            for (int i = 0; i < docs.length; i++) {
                double[] r = raw.get(docs[i]);
                candidates.add(new Candidate(docs[i], r[0], r[1], created == null ? 0 : created[i],
                        dated != null && dated[i] == 1));
            }
            HybridRanker ranker = new HybridRanker(settings.textWeight(), settings.vectorWeight(),
                    settings.halfLifeDays());
            List<Scored> ranked = ranker.rank(candidates, useText, vector != null, nowMs);
            if (settings.mmrLambda() < 1 && ranked.size() > 1) {
                List<Scored> pool = ranked.subList(0, Math.min(ranked.size(), options.limit() * 3));
                ranked = HybridRanker.mmr(pool, options.limit(), settings.mmrLambda(), similarity(s, pool, vector));
            }
            StoredFields stored = s.storedFields();
            List<MemoryHit> hits = new ArrayList<>(Math.min(options.limit(), ranked.size()));
            for (Scored sc : ranked.subList(0, Math.min(options.limit(), ranked.size()))) {
                hits.add(hit(stored.document(sc.candidate().doc(), HIT_FIELDS), sc, query, settings.snippetChars()));
            }
            return hits;
        } finally {
            index.release(s);
        }
    }

    private static MemoryHit hit(Document d, Scored sc, String query, int snippetChars) {
        List<String> tags = new ArrayList<>();
        for (IndexableField f : d.getFields(Fields.TAG)) {
            tags.add(f.stringValue());
        }
        return new MemoryHit(d.get(Fields.DOC), ChunkDocuments.intValue(d, Fields.CHUNK), round(sc.score()),
                round(sc.textScore()), round(sc.vectorScore()), Snippets.of(d.get(Fields.TEXT), query, snippetChars),
                d.get(Fields.SOURCE), d.get(Fields.PATH), d.get(Fields.AGENT),
                Instant.ofEpochMilli(ChunkDocuments.longValue(d, Fields.CREATED)), List.copyOf(tags),
                ChunkDocuments.intValue(d, Fields.START_LINE), ChunkDocuments.intValue(d, Fields.END_LINE));
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000d;
    }

    /** Similarity for MMR: cosine of the stored vectors if the search used vectors, else word overlap. */
    private static java.util.function.BiFunction<Scored, Scored, Double> similarity(IndexSearcher s, List<Scored> pool,
            VectorQuery vector) throws IOException {
        Map<Integer, float[]> vectors = new HashMap<>();
        Map<Integer, Set<String>> words = new HashMap<>();
        StoredFields stored = s.storedFields();
        for (Scored sc : pool) {
            int doc = sc.candidate().doc();
            float[] v = vector == null ? null : LuceneIndex.vector(s.getIndexReader(), doc, vector.space().field());
            if (v != null) {
                vectors.put(doc, v);
            } else {
                String text = stored.document(doc, Set.of(Fields.TEXT)).get(Fields.TEXT);
                words.put(doc, new HashSet<>(Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))));
            }
        }
        return (a, b) -> {
            float[] va = vectors.get(a.candidate().doc());
            float[] vb = vectors.get(b.candidate().doc());
            if (va != null && vb != null) {
                double dot = 0;
                for (int i = 0; i < va.length; i++) {
                    dot += va[i] * vb[i];
                }
                return Math.max(0, dot);
            }
            Set<String> wa = words.get(a.candidate().doc());
            Set<String> wb = words.get(b.candidate().doc());
            if (wa == null || wb == null || wa.isEmpty() || wb.isEmpty()) {
                return 0d;
            }
            Set<String> common = new HashSet<>(wa);
            common.retainAll(wb);
            return (double) common.size() / (wa.size() + wb.size() - common.size());
        };
    }

    /** @return the filter of the options, or {@code null} if there is none */
    static Query filter(SearchOptions o) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        if (o.agent() != null) {
            b.add(new TermQuery(new Term(Fields.AGENT, o.agent())), Occur.FILTER);
            any = true;
        }
        if (o.source() != null) {
            b.add(new TermQuery(new Term(Fields.SOURCE, o.source())), Occur.FILTER);
            any = true;
        }
        for (String tag : o.tags()) {
            b.add(new TermQuery(new Term(Fields.TAG, tag)), Occur.FILTER);
            any = true;
        }
        if (o.from() != null || o.to() != null) {
            long from = o.from() == null ? Long.MIN_VALUE : o.from().toEpochMilli();
            long to = o.to() == null ? Long.MAX_VALUE : o.to().toEpochMilli() - 1;
            b.add(LongPoint.newRangeQuery(Fields.CREATED, from, to), Occur.FILTER);
            any = true;
        }
        return any ? b.build() : null;
    }

    /** Numeric doc values of ascending doc ids (0 where absent). */
    private static long[] docValues(IndexReader reader, int[] sortedDocs, String field) throws IOException {
        long[] out = new long[sortedDocs.length];
        List<LeafReaderContext> leaves = reader.leaves();
        int leafIndex = -1;
        NumericDocValues values = null;
        for (int i = 0; i < sortedDocs.length; i++) {
            int li = ReaderUtil.subIndex(sortedDocs[i], leaves);
            if (li != leafIndex) {
                leafIndex = li;
                values = leaves.get(li).reader().getNumericDocValues(field);
            }
            int target = sortedDocs[i] - leaves.get(li).docBase;
            if (values != null && values.advanceExact(target)) {
                out[i] = values.longValue();
            }
        }
        return out;
    }
}
