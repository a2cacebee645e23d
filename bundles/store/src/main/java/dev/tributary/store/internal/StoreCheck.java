package dev.tributary.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an existing store before HSQLDB opens it for writing, and refuses one it cannot trust.
 * HSQLDB "repairs" what it opens: a {@code .properties} it cannot read makes it start a new database
 * over the old files, a short {@code .data} is extended, the {@code .log} is written into the files.
 * So first the {@code .properties} is read here, then the whole database, read-only and in a JVM of
 * its own ({@link ReadOnlyScan}): every row of every table once, as HSQLDB keeps no checksums and
 * reading a row is the only way to find it damaged. A store left by a crash is not damaged, but HSQLDB
 * must recover it as it opens it (restore its incremental backup, replay its log), which it cannot
 * do read-only: then a copy of it is recovered and read instead. A store the host shut down itself
 * and whose files still match their checksums then ({@link ShutdownSeal}) is not read again.
 *
 * <p>A refusal is remembered while the store's files stay as they were: Declarative Services tries
 * to activate the store again for each service that wants it, and each try would read it all again.
 */
final class StoreCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCheck.class);
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+");
    /** The files HSQLDB keeps for the database {@code tributary}; any of them means a store is there. */
    private static final List<String> FILES = List.of("properties", "script", "data", "log", "backup", "lobs", "script.new");

    private record Refusal(Map<String, String> files, String message) {}

    private static final Map<Path, Refusal> REFUSED = new ConcurrentHashMap<>();

    private StoreCheck() {}

    /** Whether {@code directory} holds a store, whole or in part. */
    static boolean exists(Path directory) {
        return FILES.stream().anyMatch(suffix -> Files.exists(directory.resolve(Database.NAME + "." + suffix)));
    }

    /**
     * Reads the store in {@code directory} with {@code keyHex} without writing anything.
     *
     * @throws StoreRefusedException when it is damaged or under another key; nothing was changed
     */
    static void verify(Path directory, String keyHex) throws IOException {
        Map<String, String> files = fingerprint(directory, keyHex);
        Refusal earlier = REFUSED.get(directory);
        if (earlier != null && earlier.files().equals(files)) {
            throw new StoreRefusedException(earlier.message());
        }
        try {
            check(directory, keyHex);
            REFUSED.remove(directory);
        } catch (StoreRefusedException e) {
            REFUSED.put(directory, new Refusal(files, e.getMessage()));
            LOG.error("The store was not opened: {}", e.getMessage());
            throw e;
        }
    }

    private static void check(Path directory, String keyHex) throws IOException {
        String id = KeyId.of(keyHex);
        Optional<String> recorded = KeyId.recorded(directory);
        Optional<String> unreadable = properties(directory);
        if (unreadable.isPresent()) {
            throw damaged(directory, unreadable.get());
        }
        long started = System.nanoTime();
        boolean crashed = leftByCrash(directory);
        if (!crashed && ShutdownSeal.holds(directory, id)) {
            LOG.info("Store checked before opening: its files are as the host shut it down (checksums of its seal match) in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return;
        }
        ScanProcess.Result scan = crashed ? scanCopy(directory, keyHex) : ScanProcess.run(directory, keyHex, false);
        if (scan.failure() != null) {
            String reason = scan.failure();
            if (recorded.isPresent() && !recorded.get().equals(id)) {
                throw new StoreRefusedException("cannot open the store in " + directory + ": it is encrypted with key " + recorded.get()
                        + ", but the vault holds key " + id + " for it: the vault (" + vaultOf(directory) + ") or its master key is not "
                        + "the one that belongs to this store. Nothing was changed. Put back the vault and master key backed up with "
                        + "this store (restore them), then start the host again");
            }
            if (recorded.isPresent()) {
                throw damaged(directory, reason);
            }
            throw new StoreRefusedException("cannot open the store in " + directory + ": its files are damaged, or the vault's key "
                    + "is not the one it was written with (" + reason + "). Nothing was changed. If the vault or its master key was "
                    + "replaced, put back the ones that belong to this store (restore them); otherwise restore " + directory.getParent()
                    + " from your last backup. Then start the host again");
        }
        LOG.info("Store checked before opening{}: {} rows read in {} ms", crashed ? " (it was not shut down: a recovered copy of it)" : "",
                scan.rows(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Whether the store was not shut down (a crash, {@code kill -9}, a power cut): HSQLDB then still
     * has its incremental backup and its log to apply when it opens it.
     */
    private static boolean leftByCrash(Path directory) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(directory.resolve(Database.NAME + ".properties"))) {
            p.load(in);
        }
        Path log = directory.resolve(Database.NAME + ".log");
        return !"no".equals(p.getProperty("modified", "").strip()) || Files.exists(directory.resolve(Database.NAME + ".backup"))
                || Files.exists(log) && Files.size(log) > 0;
    }

    /**
     * Reads a store left by a crash through a copy: HSQLDB changes the files it recovers, and the
     * store must stay as it is until it passed. The copy sits beside it (on the same disk: it is as
     * large) and is deleted after, or by the next check if a crash cut this one short.
     */
    private static ScanProcess.Result scanCopy(Path directory, String keyHex) throws IOException {
        Path copy = directory.resolveSibling(directory.getFileName() + ".check");
        deleteTree(copy);
        Files.createDirectories(copy);
        try {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, Database.NAME + ".*")) {
                for (Path f : files) {
                    // not the lock file: the copy is opened without one
                    if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".lck")) {
                        Files.copy(f, copy.resolve(f.getFileName()));
                    }
                }
            }
            return ScanProcess.run(copy, keyHex, true);
        } finally {
            deleteTree(copy);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static StoreRefusedException damaged(Path directory, String reason) {
        return new StoreRefusedException("cannot open the store in " + directory + ": its files are damaged (" + reason + "). Nothing "
                + "was changed. Stop the host, restore " + directory.getParent() + " from your last backup (with the master key of "
                + "that backup), then start the host again");
    }

    /** What is wrong with the {@code .properties} HSQLDB reads first, if anything. */
    private static Optional<String> properties(Path directory) throws IOException {
        Path file = directory.resolve(Database.NAME + ".properties");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.of(file.getFileName() + " is missing");
        } catch (IllegalArgumentException e) {
            return Optional.of(file.getFileName() + " cannot be read as properties: " + e.getMessage());
        }
        String version = p.getProperty("version");
        if (version == null || !VERSION.matcher(version.strip()).matches() || p.getProperty("modified") == null) {
            return Optional.of(file.getFileName() + " is not the database's properties file (no version or modified entry)");
        }
        return Optional.empty();
    }

    /** The files of the store with their sizes and times, and the key: a refusal holds while these stay. */
    private static Map<String, String> fingerprint(Path directory, String keyHex) throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("", KeyId.of(keyHex));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path f : entries) {
                if (Files.isRegularFile(f)) {
                    files.put(f.getFileName().toString(), Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
                }
            }
        }
        return files;
    }

    private static Path vaultOf(Path storeDirectory) {
        return storeDirectory.resolveSibling("vault");
    }
}
