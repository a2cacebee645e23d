package dev.tributary.index.internal;

import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.api.search.IndexCheck;
import dev.tributary.api.search.IndexSize;
import dev.tributary.api.search.SearchListener;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.DocumentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.store.AlreadyClosedException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search service: a Lucene index in {@code data/index/}, derived from the store and kept
 * following its change feed. Searches always run as a set of principals; each one is timed for the
 * {@link SearchListener}s registered (the metrics bundle's latency histogram), so this bundle needs
 * no metrics library.
 */
@Component(name = "dev.tributary.index", service = {SearchService.class, HealthCheck.class}, immediate = true)
public final class IndexComponent implements SearchService, HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(IndexComponent.class);

    private final LiveIndex live = new LiveIndex();
    private final Analyzer analyzer = Analyzers.create();
    private final Searcher searcher;
    private final ChangeFeedTailer tailer;
    private final DocumentStore store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<SearchListener> listeners = List.of();

    @Activate
    public IndexComponent(BundleContext context, @Reference DocumentStore store) {
        this(store, indexDirectory(context), ChangeFeedTailer.Settings.DEFAULT);
    }

    IndexComponent(DocumentStore store, Path directory, ChangeFeedTailer.Settings settings) {
        this.store = store;
        this.searcher = new Searcher(analyzer);
        this.tailer = new ChangeFeedTailer(store, directory, analyzer, live, settings);
        tailer.start();
        LOG.info("Index started in {}", directory);
    }

    private static Path indexDirectory(BundleContext context) {
        String data = context.getProperty("tributary.data.dir");
        if (data == null) {
            throw new IllegalStateException("framework property tributary.data.dir is not set: start the host with bin/tributary");
        }
        return Paths.get(data).resolve("index");
    }

    @Deactivate
    void close() throws IOException {
        tailer.close();
        analyzer.close(); // drops what it cached per thread (HTTP threads outlive this bundle)
        LOG.info("Index stopped");
    }

    @Override
    public SearchResult search(SearchRequest request) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            SearchResult result = live.read(view -> searcher.search(view, request), Searcher.empty());
            failed = false;
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("search failed: " + e.getMessage(), e);
        } finally {
            searched(System.nanoTime() - start, failed);
        }
    }

    /** For tests: the listeners SCR would bind. */
    void listeners(List<SearchListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void searched(long nanos, boolean failed) {
        for (SearchListener listener : listeners) {
            try {
                listener.searched(nanos, failed);
            } catch (RuntimeException e) {
                LOG.warn("Search listener {} failed: {}", listener.getClass().getName(), e.toString());
            }
        }
    }

    @Override
    public Optional<IndexSize> size() {
        LuceneIndex index = live.get();
        if (index == null) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = index.bytes();
        } catch (IOException | AlreadyClosedException replaced) {
            bytes = -1; // a rebuild swapped it out and closed it just now
        }
        return Optional.of(new IndexSize(index.documents(), bytes));
    }

    @Override
    public Optional<IndexCheck> verify() {
        try {
            return Optional.ofNullable(live.readApplied((view, applied) -> IndexVerifier.check(view, applied, store), null));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the index failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long rebuild() {
        return tailer.rebuild();
    }

    @Override
    public long appliedSequence() {
        return tailer.appliedSequence();
    }

    @Override
    public List<HealthCheckResult> check() {
        return List.of(tailer.health());
    }
}
