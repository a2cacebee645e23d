package dev.tributary.index.internal;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.StoredDocument;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

/** How a stored document becomes a Lucene document: the field names and what each holds. */
final class DocumentFields {

    /** Unique per document: {@code <instanceId>/<externalId>}; updates and deletes go by it. */
    static final String KEY = "key";
    static final String EXTERNAL_ID = "externalId";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String URL = "url";
    static final String INSTANCE = "instance";
    static final String SOURCE_TYPE = "sourceType";
    static final String CONTAINER = "container";
    static final String AUTHOR = "author";
    static final String UPDATED = "updated";
    static final String PRINCIPALS = "principals";
    static final String CONTENT_HASH = "contentHash";
    /** 64 bits of the content hash as doc values: what search collapses on. */
    static final String GROUP = "group";
    /**
     * 1 when another document may have the same content, 0 when none has (doc values, kept by
     * {@link LuceneIndex}): only the former need their group looked at to count collapsed hits.
     */
    static final String SHARED = "shared";

    /** Fields counted as facets, each a single value per document (sorted doc values). */
    static final List<String> FACETS = List.of(INSTANCE, SOURCE_TYPE, CONTAINER, AUTHOR);
    /** Fields indexed whole, not as words. */
    static final List<String> KEYWORDS = List.of(KEY, URL, INSTANCE, SOURCE_TYPE, CONTAINER, AUTHOR, PRINCIPALS, CONTENT_HASH);

    /** Longer keys are hashed: Lucene refuses terms over 32 KB, and nobody filters on such values. */
    private static final int MAX_KEYWORD = 1000;

    /** Text keeps offsets in its postings: the highlighter then finds matches without re-analysing. */
    private static final FieldType TEXT_TYPE = new FieldType(TextField.TYPE_STORED);

    static {
        TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_TYPE.freeze();
    }

    private DocumentFields() {}

    static Term key(String instanceId, String externalId) {
        String key = instanceId + "/" + externalId;
        return new Term(KEY, key.length() <= MAX_KEYWORD ? key : instanceId + "/#" + HexFormat.of().formatHex(sha256(externalId)));
    }

    /** The Lucene document, or empty when nobody may see it (no principals: visibility unknown). */
    static Optional<org.apache.lucene.document.Document> toLucene(StoredDocument stored) {
        Document d = stored.document();
        if (d.principals().isEmpty()) {
            return Optional.empty();
        }
        org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
        doc.add(new StringField(KEY, key(stored.instanceId(), d.externalId()).bytes(), Field.Store.NO));
        doc.add(new StoredField(EXTERNAL_ID, d.externalId()));
        doc.add(new TextField(TITLE, d.title(), Field.Store.YES));
        doc.add(new Field(TEXT, d.text(), TEXT_TYPE));
        doc.add(new StoredField(URL, d.url()));
        doc.add(new StringField(URL, keyword(d.url()), Field.Store.NO));
        facet(doc, INSTANCE, stored.instanceId());
        facet(doc, SOURCE_TYPE, stored.sourceType());
        facet(doc, CONTAINER, d.container());
        facet(doc, AUTHOR, d.author());
        if (d.updated() != null) {
            long millis = d.updated().toEpochMilli();
            doc.add(new LongPoint(UPDATED, millis));
            doc.add(new StoredField(UPDATED, millis));
        }
        for (String principal : d.principals()) {
            doc.add(new StringField(PRINCIPALS, keyword(principal), Field.Store.NO));
        }
        String hash = stored.contentHash() == null ? "" : stored.contentHash();
        doc.add(new StringField(CONTENT_HASH, keyword(hash), Field.Store.YES));
        doc.add(new NumericDocValuesField(GROUP, group(hash)));
        return Optional.of(doc);
    }

    /** 64 bits of the content hash: equal hashes collapse into one hit; a collision is 1 in 2^64. */
    static long group(String contentHash) {
        return ByteBuffer.wrap(sha256(contentHash)).getLong();
    }

    private static void facet(org.apache.lucene.document.Document doc, String field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        String v = keyword(value);
        doc.add(new StringField(field, v, Field.Store.YES));
        doc.add(new SortedDocValuesField(field, new BytesRef(v)));
    }

    private static String keyword(String value) {
        return value.length() <= MAX_KEYWORD ? value : value.substring(0, MAX_KEYWORD);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
