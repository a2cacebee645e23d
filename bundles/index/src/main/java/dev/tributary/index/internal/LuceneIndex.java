package dev.tributary.index.internal;

import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lucene index on disk (one generation): its writer, and the searchers over what it committed.
 * Each commit records the store sequence it has applied, so after a crash the index knows where in
 * the store's change feed to resume. Writes come from one thread at a time.
 */
final class LuceneIndex implements Closeable {

    /** Commit user data: the last store change applied. */
    static final String SEQUENCE = "tributary.sequence";
    /** Commit user data: the field layout; an index of another layout is rebuilt. */
    static final String SCHEMA = "tributary.schema";
    static final String SCHEMA_VERSION = "1";

    /** Batches smaller than this are applied on one thread: handing them out would cost more. */
    private static final int PARALLEL_FROM = 64;

    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Content hash → key of the last document written with it since the last refresh (searchers do not see those yet). */
    private final Map<String, Term> unrefreshed = new ConcurrentHashMap<>();
    /** The store sequence applied and searchable. */
    private volatile long sequence;
    /** The store sequence of the last commit (where a restart resumes). */
    private volatile long committed;
    private volatile int documents;

    private LuceneIndex(Path path, Directory directory, IndexWriter writer, long sequence) throws IOException {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.sequence = sequence;
        this.committed = sequence;
        this.searchers = new SearcherManager(writer, IndexView.factory(new PermissionFilter.Cache()));
        this.documents = countDocuments();
    }

    /** A new, empty index in an empty directory. */
    static LuceneIndex create(Path path, Analyzer analyzer) throws IOException {
        Directory directory = FSDirectory.open(path);
        IndexWriter writer = null;
        try {
            writer = new IndexWriter(directory, config(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            return new LuceneIndex(path, directory, writer, 0);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(writer, directory);
            throw e;
        }
    }

    /**
     * Opens the index committed in {@code path}, reading every file of it once against its checksum so
     * that missing or damaged files show now, not in a user's search (Lucene itself checks only the
     * small files and the ends of the large ones when it opens them).
     *
     * @throws IOException when it cannot be used: missing, corrupt, too old, or of another schema
     */
    static LuceneIndex open(Path path, Analyzer analyzer) throws IOException {
        Directory directory = FSDirectory.open(path);
        IndexWriter writer = null;
        try {
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            if (!SCHEMA_VERSION.equals(data.get(SCHEMA))) {
                throw new IOException("the index has field layout " + data.get(SCHEMA) + ", this version uses " + SCHEMA_VERSION);
            }
            long sequence;
            try {
                sequence = Long.parseLong(data.get(SEQUENCE));
            } catch (NumberFormatException e) {
                throw new IOException("the last commit holds no applied sequence (" + data.get(SEQUENCE) + ")");
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                for (LeafReaderContext leaf : reader.leaves()) {
                    leaf.reader().checkIntegrity();
                }
            }
            writer = new IndexWriter(directory, config(analyzer).setOpenMode(IndexWriterConfig.OpenMode.APPEND));
            return new LuceneIndex(path, directory, writer, sequence);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(writer, directory);
            throw e;
        }
    }

    private static IndexWriterConfig config(Analyzer analyzer) {
        return new IndexWriterConfig(analyzer)
                // only our commits, each with its sequence: what was not committed is redone from the feed
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(64);
    }

    Path path() {
        return path;
    }

    /** The store sequence applied and searchable. */
    long sequence() {
        return sequence;
    }

    /** Searchable documents as of the last refresh. */
    int documents() {
        return documents;
    }

    /** What the files of this index take on disk now; a file a merge removed meanwhile counts for nothing. */
    long bytes() throws IOException {
        long total = 0;
        for (String file : directory.listAll()) {
            try {
                total += directory.fileLength(file);
            } catch (NoSuchFileException | FileNotFoundException gone) {
                // merged away between the listing and now
            }
        }
        return total;
    }

    /** The writer's fatal error, if it had one (disk full …); it then accepts nothing more. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(writer.getTragicException());
    }

    /** Applies one entry of the change feed: upsert by key, delete on a tombstone or when nobody may see it. */
    void apply(DocumentChange change) throws IOException {
        if (change.deleted()) {
            writer.deleteDocuments(DocumentFields.key(change.instanceId(), change.externalId()));
        } else {
            put(change.document(), true, change.created());
        }
    }

    /**
     * Applies a batch of the feed on {@code threads} threads (this one and {@code helpers}). Only the
     * last change of each document counts (the feed carries whole states); documents are split by
     * content hash, so twins meet on one thread and are flagged as shared as they are on one.
     */
    void applyAll(List<DocumentChange> batch, ExecutorService helpers, int threads) throws IOException {
        if (threads <= 1 || batch.size() < PARALLEL_FROM) {
            for (DocumentChange change : batch) {
                apply(change);
            }
            return;
        }
        Map<Term, DocumentChange> latest = new LinkedHashMap<>();
        for (DocumentChange c : batch) {
            DocumentChange earlier = latest.remove(DocumentFields.key(c.instanceId(), c.externalId()));
            // after a dropped earlier change (a delete …) the index may still hold the document: not "created" then
            latest.put(DocumentFields.key(c.instanceId(), c.externalId()), earlier == null || !c.created() ? c
                    : new DocumentChange(c.sequence(), c.instanceId(), c.externalId(), c.document(), false));
        }
        List<List<DocumentChange>> parts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            parts.add(new ArrayList<>());
        }
        for (DocumentChange c : latest.values()) {
            String by = c.deleted() || c.document().contentHash() == null ? c.externalId() : c.document().contentHash();
            parts.get(Math.floorMod(by.hashCode(), threads)).add(c);
        }
        List<Future<Void>> others = new ArrayList<>();
        for (List<DocumentChange> part : parts.subList(1, threads)) {
            others.add(helpers.submit(() -> {
                for (DocumentChange change : part) {
                    apply(change);
                }
                return null;
            }));
        }
        IOException failure = null;
        try {
            for (DocumentChange change : parts.get(0)) {
                apply(change);
            }
        } catch (IOException e) {
            failure = e;
        }
        for (Future<Void> other : others) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while applying changes");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    failure = failure == null ? io : failure;
                } else if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                } else {
                    throw new IOException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Adds a document to an index known not to hold it (a rebuild); returns whether it was indexed.
     * Call {@link #flagSharedContent()} after the last one.
     */
    boolean add(StoredDocument document) throws IOException {
        return put(document, false, true);
    }

    private boolean put(StoredDocument stored, boolean replace, boolean created) throws IOException {
        Term key = DocumentFields.key(stored.instanceId(), stored.document().externalId());
        Optional<org.apache.lucene.document.Document> doc = DocumentFields.toLucene(stored);
        try {
            if (doc.isEmpty()) {
                if (replace && !created) {
                    writer.deleteDocuments(key);
                }
                return false;
            }
            if (!replace) {
                // a rebuild: shared content is flagged once at the end, see flagSharedContent()
                doc.get().add(new NumericDocValuesField(DocumentFields.SHARED, 0));
                writer.addDocument(doc.get());
                return true;
            }
            Term hash = new Term(DocumentFields.CONTENT_HASH, doc.get().get(DocumentFields.CONTENT_HASH));
            boolean shared = hasTwin(hash, key, created);
            doc.get().add(new NumericDocValuesField(DocumentFields.SHARED, shared ? 1 : 0));
            if (created) {
                writer.addDocument(doc.get()); // nothing to replace: saves Lucene looking the key up in every segment
            } else {
                writer.updateDocument(key, doc.get());
            }
            if (shared) {
                // the twins too, wherever they are
                writer.updateNumericDocValue(hash, DocumentFields.SHARED, 1);
            }
            unrefreshed.put(hash.text(), key);
            return true;
        } catch (IllegalArgumentException e) {
            // one bad document (a value Lucene refuses) must not stop the feed; an older version must not linger.
            // Lucene's message may quote the content: DEBUG only
            LOG.warn("Document {}/{} not indexed: Lucene refused it (DEBUG for {} shows why)", stored.instanceId(),
                    stored.document().externalId(), LuceneIndex.class.getName());
            LOG.debug("Document {}/{} refused", stored.instanceId(), stored.document().externalId(), e);
            writer.deleteDocuments(key);
            return false;
        }
    }

    /**
     * Whether a document other than {@code key} has this content: one written since the last refresh,
     * or one the searchers see. Wrong only towards yes (a twin deleted meanwhile), which costs a
     * little search time, never a wrong count.
     */
    private boolean hasTwin(Term hash, Term key, boolean created) throws IOException {
        Term recent = unrefreshed.get(hash.text());
        if (recent != null && !recent.equals(key)) {
            return true;
        }
        IndexSearcher s = searchers.acquire();
        try {
            // term lookups per segment, not a query: this runs for every document written
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                Terms hashes = leaf.reader().terms(DocumentFields.CONTENT_HASH);
                if (hashes == null) {
                    continue;
                }
                TermsEnum te = hashes.iterator();
                if (te.seekExact(hash.bytes()) && (created || holdsOtherThan(leaf.reader(), te, key))) {
                    return true;
                }
            }
            return false;
        } finally {
            searchers.release(s);
        }
    }

    /** Whether a live document of {@code leaf} found by {@code te} is not the one of {@code key}. */
    private static boolean holdsOtherThan(LeafReader leaf, TermsEnum te, Term key) throws IOException {
        int keyed = -1;
        Terms keys = leaf.terms(DocumentFields.KEY);
        if (keys != null) {
            TermsEnum k = keys.iterator();
            if (k.seekExact(key.bytes())) {
                PostingsEnum p = k.postings(null, PostingsEnum.NONE);
                keyed = p.nextDoc();
            }
        }
        Bits live = leaf.getLiveDocs();
        PostingsEnum docs = te.postings(null, PostingsEnum.NONE);
        for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
            if (d != keyed && (live == null || live.get(d))) {
                return true;
            }
        }
        return false;
    }

    /** After a rebuild's adds: flags every document whose content is held more than once. */
    void flagSharedContent() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            Terms terms = MultiTerms.getTerms(reader, DocumentFields.CONTENT_HASH);
            if (terms == null) {
                return;
            }
            TermsEnum te = terms.iterator();
            for (BytesRef hash = te.next(); hash != null; hash = te.next()) {
                if (te.docFreq() > 1) {
                    writer.updateNumericDocValue(new Term(DocumentFields.CONTENT_HASH, BytesRef.deepCopyOf(hash)), DocumentFields.SHARED, 1);
                }
            }
        }
    }

    /** Commits what was applied, as of {@code appliedSequence}, and makes it searchable. */
    void commit(long appliedSequence) throws IOException {
        refresh(appliedSequence);
        commit();
    }

    /** Makes what was applied, as of {@code appliedSequence}, searchable; durable only at the next {@link #commit()}. */
    void refresh(long appliedSequence) throws IOException {
        searchers.maybeRefreshBlocking();
        unrefreshed.clear();
        documents = countDocuments();
        sequence = appliedSequence; // last: whoever reads it may search for what it names
    }

    /** Makes what is searchable durable, with its sequence: after a crash the feed is applied again from there. */
    void commit() throws IOException {
        Map<String, String> data = new HashMap<>();
        data.put(SEQUENCE, Long.toString(sequence));
        data.put(SCHEMA, SCHEMA_VERSION);
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
        committed = sequence;
    }

    /** Whether searchable changes are not durable yet. */
    boolean uncommitted() {
        return committed != sequence;
    }

    IndexView acquire() throws IOException {
        return (IndexView) searchers.acquire();
    }

    void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    private int countDocuments() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    /** Closes without committing: anything applied since the last commit is applied again from the feed. */
    @Override
    public void close() throws IOException {
        IOUtils.close(searchers, writer, directory);
    }
}
