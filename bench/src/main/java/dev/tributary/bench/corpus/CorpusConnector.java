package dev.tributary.bench.corpus;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.ConnectorDescriptor.AuthKind;
import dev.tributary.api.connector.ConnectorDescriptor.Capability;
import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.SyncMode;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Benchmarks only (built into a bundle by the search benchmark, never shipped): one instance per
 * {@code etc/dev.tributary.bench.corpus-slice<k>.cfg} emits slice {@code k} of the generated
 * {@link Corpus}. Its source type is the slice's ({@code confluence}, {@code jira} …), so the
 * search filters have something to narrow by. A full run emits, lists and commits every document of
 * the slice; a run after a crash resumes after the last commit; a run after a complete one has
 * nothing new (the corpus never changes).
 */
@Component(configurationPid = CorpusConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Connector.class)
@Designate(ocd = CorpusConnector.Config.class, factory = true)
public final class CorpusConnector implements Connector {

    public static final String PID = "dev.tributary.bench.corpus";
    static final int COMMIT_EVERY = 1000;
    private static final String DONE = "done";

    @ObjectClassDefinition(name = "Benchmark corpus", description = "Generated documents for the search benchmark.")
    public @interface Config {
        @AttributeDefinition(name = "Documents", description = "Documents per slice (instance).")
        int documents() default 125_000;

        @AttributeDefinition(name = "Slices", description = "How many slices (instances) the corpus has.")
        int slices() default 8;

        @AttributeDefinition(name = "Slice", description = "Which slice this instance emits, 0 to slices - 1.")
        int slice() default 0;

        @AttributeDefinition(name = "Seed", description = "The same seed gives the same documents.")
        long seed() default 42;

        @AttributeDefinition(name = "Schedule")
        String schedule() default "manual";
    }

    private final Config config;

    @Activate
    public CorpusConnector(Config config) {
        if (config.slice() < 0 || config.slice() >= config.slices()) {
            throw new IllegalArgumentException("slice " + config.slice() + " is not one of 0.." + (config.slices() - 1));
        }
        this.config = config;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor(Corpus.sourceType(config.slice()), "Benchmark corpus", "1.0.0", AuthKind.NONE, PID,
                Set.of(Capability.PRUNING));
    }

    @Override
    public void sync(SyncContext ctx) {
        Corpus corpus = new Corpus(config.seed(), config.slices(), config.documents());
        int first = corpus.first(config.slice());
        int end = first + corpus.perSlice();
        String checkpoint = ctx.mode() == SyncMode.FULL ? "" : ctx.checkpoint().orElse("");
        if (checkpoint.equals(DONE)) {
            ctx.commit(DONE);
            return;
        }
        int from = checkpoint.isEmpty() ? first : Integer.parseInt(checkpoint);
        int sinceCommit = 0;
        for (int i = from; i < end; i++) {
            if (ctx.isCancelled()) {
                ctx.commit(Integer.toString(i));
                return;
            }
            Document d = corpus.document(i);
            ctx.emit(d);
            ctx.listed(d.externalId());
            ctx.progress(i - first + 1, corpus.perSlice());
            if (++sinceCommit == COMMIT_EVERY) {
                sinceCommit = 0;
                ctx.commit(Integer.toString(i + 1));
            }
        }
        if (from == first) {
            ctx.listingComplete(); // a resumed run did not list what came before
        }
        ctx.commit(DONE);
    }
}
