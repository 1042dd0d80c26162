package dev.dx.memory.internal.index;

import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;

/** Converts between {@link IndexedChunk} and Lucene documents. */
final class ChunkDocuments {
    private ChunkDocuments() {
    }

    static Document toDocument(IndexedChunk c, long seq) {
        Document d = new Document();
        d.add(new StringField(Fields.CHUNK_ID, c.chunkId(), Field.Store.YES));
        d.add(new StringField(Fields.DOC, c.documentId(), Field.Store.YES));
        if (c.chunk() == 0) {
            d.add(new StringField(Fields.FIRST, "1", Field.Store.NO));
        }
        d.add(new StringField(Fields.DOC_HASH, c.docHash(), Field.Store.YES));
        d.add(new StringField(Fields.SOURCE, c.source(), Field.Store.YES));
        d.add(new StoredField(Fields.PATH, c.path()));
        d.add(new StringField(Fields.AGENT, c.agent(), Field.Store.YES));
        for (String tag : c.tags()) {
            d.add(new StringField(Fields.TAG, tag, Field.Store.YES));
        }
        d.add(new LongPoint(Fields.CREATED, c.createdMs()));
        d.add(new NumericDocValuesField(Fields.CREATED, c.createdMs()));
        d.add(new StoredField(Fields.CREATED, c.createdMs()));
        d.add(new StoredField(Fields.DATED, c.dated() ? 1 : 0));
        d.add(new NumericDocValuesField(Fields.DATED, c.dated() ? 1 : 0));
        d.add(new TextField(Fields.TEXT, c.text(), Field.Store.YES));
        d.add(new StoredField(Fields.CHUNK, c.chunk()));
        d.add(new StoredField(Fields.START_LINE, c.startLine()));
        d.add(new StoredField(Fields.END_LINE, c.endLine()));
        d.add(new NumericDocValuesField(Fields.SEQ, seq));
        if (c.vector() != null && c.space() != null) {
            d.add(new StringField(Fields.SPACE, c.space().id(), Field.Store.YES));
            d.add(new KnnFloatVectorField(c.space().field(), c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        } else {
            d.add(new StringField(Fields.SPACE, Fields.NO_SPACE, Field.Store.YES));
        }
        return d;
    }

    /** Reads a chunk back from its stored fields (without its vector). */
    static IndexedChunk fromStored(Document d) {
        List<String> tags = new ArrayList<>();
        for (IndexableField f : d.getFields(Fields.TAG)) {
            tags.add(f.stringValue());
        }
        return new IndexedChunk(d.get(Fields.DOC), d.get(Fields.DOC_HASH), intValue(d, Fields.CHUNK), d.get(Fields.TEXT),
                d.get(Fields.SOURCE), d.get(Fields.PATH), d.get(Fields.AGENT), longValue(d, Fields.CREATED),
                intValue(d, Fields.DATED) == 1, List.copyOf(tags), intValue(d, Fields.START_LINE),
                intValue(d, Fields.END_LINE), null, null);
    }

    static int intValue(Document d, String field) {
        IndexableField f = d.getField(field);
        return f == null || f.numericValue() == null ? 0 : f.numericValue().intValue();
    }

    static long longValue(Document d, String field) {
        IndexableField f = d.getField(field);
        return f == null || f.numericValue() == null ? 0 : f.numericValue().longValue();
    }
}
