package dev.tributary.connector.filesystem.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.ConnectorDescriptor.AuthKind;
import dev.tributary.api.connector.ConnectorDescriptor.Capability;
import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.SyncMode;
import dev.tributary.api.extract.Extracted;
import dev.tributary.api.extract.TextExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One instance per configuration {@code etc/dev.tributary.connector.filesystem~<name>.cfg}: syncs
 * the files under {@code root}. Incremental by change time (content or permissions, with a small
 * overlap); a complete walk lists every file, so deleted files are pruned; a folder change
 * (e.g. a {@code chmod}) re-reads what lies below it.
 */
@Component(configurationPid = FilesystemConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Connector.class)
@Designate(ocd = FilesystemConnector.Config.class, factory = true)
public final class FilesystemConnector implements Connector {

    static final String PID = "dev.tributary.connector.filesystem";
    /** Clock and timestamp granularity: changes this close to the cursor are read again. */
    static final long OVERLAP_MILLIS = 2000;
    private static final int COMMIT_EVERY = 100;

    @ObjectClassDefinition(name = "File system", description = "Files under a folder of this host, with their POSIX permissions.")
    public @interface Config {
        @AttributeDefinition(name = "Root folder", description = "The folder to sync, e.g. /srv/docs.")
        String root();

        @AttributeDefinition(name = "Include", description = "Globs of paths relative to the root to sync; ** = everything.")
        String[] include() default {"**"};

        @AttributeDefinition(name = "Exclude", description = "Globs of paths to skip (folders are skipped with everything below).")
        String[] exclude() default {".*", "**/.*"};

        @AttributeDefinition(name = "Maximum file size (bytes)", description = "Larger files are not indexed.", min = "0")
        long maxFileSize() default 52_428_800L;

        @AttributeDefinition(name = "Maximum text per file (characters)", min = "0")
        int maxTextChars() default 1_000_000;

        @AttributeDefinition(name = "Schedule", description = "How often it syncs: e.g. 15m, 1h, cron:0 3 * * *, or manual.")
        String schedule() default "15m";
    }

    private final Config config;
    private final TextExtractor extractor;
    private final String version;

    @Activate
    public FilesystemConnector(BundleContext context, Config config, @Reference TextExtractor extractor) {
        this(config, extractor, context.getBundle().getVersion().toString());
    }

    FilesystemConnector(Config config, TextExtractor extractor, String version) {
        this.config = config;
        this.extractor = extractor;
        this.version = version;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor("filesystem", "File system", version, AuthKind.NONE, PID,
                Set.of(Capability.INCREMENTAL, Capability.PRUNING));
    }

    @Override
    public void sync(SyncContext ctx) throws IOException {
        Settings settings = Settings.of(config);
        Cursor cursor = ctx.mode() == SyncMode.FULL ? Cursor.START : Cursor.parse(ctx.checkpoint());
        long pass = cursor.resuming() ? cursor.pass() : ctx.startedAt().toEpochMilli();
        Walk walk = new Walk(ctx, cursor, pass, settings);
        new FileTree(settings.root().toRealPath(), settings.include(), settings.exclude()).walk(walk);
        if (ctx.isCancelled()) {
            ctx.commit(new Cursor(cursor.since(), pass, walk.lastHandled).format());
            return;
        }
        if (walk.complete) {
            ctx.listingComplete();
        }
        ctx.commit(new Cursor(pass, 0, "").format());
    }

    /** What one pass over the tree does with each file. */
    private final class Walk implements FileTree.Visitor {
        final SyncContext ctx;
        final Cursor cursor;
        final long pass;
        final Settings settings;
        boolean complete = true;
        String lastHandled = "";
        int sinceCommit;
        long done;

        Walk(SyncContext ctx, Cursor cursor, long pass, Settings settings) {
            this.ctx = ctx;
            this.cursor = cursor;
            this.pass = pass;
            this.settings = settings;
        }

        @Override
        public boolean stop() {
            return ctx.isCancelled();
        }

        @Override
        public void problem(String relative, String reason, boolean listingIncomplete) {
            ctx.failed(relative, reason);
            complete &= !listingIncomplete;
        }

        @Override
        public void file(Path file, String relative, BasicFileAttributes a, List<PosixPrincipals.Folder> folders) throws IOException {
            if (a.size() > settings.maxFileSize()) {
                return; // not listed: pruned if it was indexed before it grew
            }
            boolean handledThisPass = cursor.resuming() && relative.compareTo(cursor.after()) <= 0;
            long changed = FileTree.changed(file, a);
            boolean folderChanged = folders.stream().anyMatch(f -> f.changed() >= cursor.since() - OVERLAP_MILLIS);
            if (!handledThisPass && (changed >= cursor.since() - OVERLAP_MILLIS || folderChanged)) {
                if (!emit(file, relative, a, changed, folders)) {
                    return;
                }
            }
            ctx.listed(relative);
            lastHandled = relative;
            ctx.progress(++done, -1);
            if (++sinceCommit >= COMMIT_EVERY) {
                sinceCommit = 0;
                ctx.commit(new Cursor(cursor.since(), pass, relative).format());
            }
        }

        /** @return false when the file must not be listed (it cannot be read at all) */
        private boolean emit(Path file, String relative, BasicFileAttributes a, long changed, List<PosixPrincipals.Folder> folders)
                throws IOException {
            Extracted x;
            try (InputStream in = Files.newInputStream(file)) {
                x = extractor.extract(in, file.getFileName().toString(), settings.maxTextChars());
            } catch (AccessDeniedException e) {
                ctx.failed(relative, "cannot read (permission denied): the host's user needs read access");
                return false;
            } catch (TextExtractor.ExtractionException e) {
                ctx.failed(relative, e.getMessage());
                return true; // keep what was indexed before; the next change tries again
            }
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Document d = Document.builder(relative)
                    .title(x.title() == null || x.title().isBlank() ? name : x.title())
                    .text(x.text())
                    .url(file.toUri().toString())
                    .mimeType(x.mimeType())
                    .author(x.author())
                    .created(a.creationTime() == null ? null : a.creationTime().toInstant())
                    .updated(Instant.ofEpochMilli(a.lastModifiedTime().toMillis()))
                    .sourceVersion(changed)
                    .container("/" + (relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : ""))
                    .metadata("extension", List.of(dot > 0 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : ""))
                    .principals(PosixPrincipals.of(file, folders))
                    .build();
            ctx.emit(d);
            return true;
        }
    }
}
