package dev.tributary.index.internal;

import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.DocumentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search service: a Lucene index in {@code data/index/}, derived from the store and kept
 * following its change feed. Searches always run as a set of principals.
 */
@Component(name = "dev.tributary.index", service = {SearchService.class, HealthCheck.class}, immediate = true)
public final class IndexComponent implements SearchService, HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(IndexComponent.class);

    private final LiveIndex live = new LiveIndex();
    private final Analyzer analyzer = Analyzers.create();
    private final Searcher searcher;
    private final ChangeFeedTailer tailer;

    @Activate
    public IndexComponent(BundleContext context, @Reference DocumentStore store) {
        this(store, indexDirectory(context), ChangeFeedTailer.Settings.DEFAULT);
    }

    IndexComponent(DocumentStore store, Path directory, ChangeFeedTailer.Settings settings) {
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
        try {
            return live.read(view -> searcher.search(view, request), Searcher.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("search failed: " + e.getMessage(), e);
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
