package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Damaged files on a real host. A damaged index is found at start and rebuilt from the store: the
 * host comes up healthy, says so in one WARN line, and finds exactly the stored documents. A damaged
 * store, or one whose vault and master key are not its own, is refused with a message that says
 * what is wrong and what to do, in /health and {@code bin/tributary status} — and nothing under
 * data/ is changed, created or deleted (but what the running framework always rewrites: its bundle
 * cache data/cache/, data/run/status.json and the lock data/tributary.lock).
 */
class CorruptionIT extends RunningHost {

    private static final Set<String> ALWAYS_REWRITTEN = Set.of("cache", "run", "tributary.lock");

    @Test
    void aDamagedIndexIsFoundAtStartAndRebuiltFromTheStore() throws Exception {
        int files = 600;
        Set<String> urls = source(files);
        startWithConnector("filesystem");
        Files.writeString(dist.etc().resolve("dev.tributary.connector.filesystem~notes.cfg"),
                "root = " + tmp.resolve("source") + "\nschedule = manual\n");
        await("instance notes appears").atMost(Duration.ofSeconds(30)).until(() -> cli.run("instances", "--json").out().contains("\"notes\""));
        Cli.Result sync = cli.run("sync", "notes", "--wait");
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        awaitHits("ferry", "user:nobody", files);
        stop();

        damageIndexAndRestart("the largest segment file cut in half", generation -> {
            Path largest = largest(generation);
            truncate(largest, Files.size(largest) / 2);
        }, urls);
        damageIndexAndRestart("garbage in the middle of the largest segment file", generation -> {
            Path largest = largest(generation);
            overwrite(largest, Files.size(largest) / 2, 64, new Random(1));
        }, urls);
        damageIndexAndRestart("its commit point segments_N deleted", generation -> {
            for (Path f : list(generation)) {
                if (f.getFileName().toString().startsWith("segments_")) {
                    Files.delete(f);
                }
            }
        }, urls);
        damageIndexAndRestart("garbage in every segment's .si file", generation -> {
            for (Path f : list(generation)) {
                if (f.getFileName().toString().endsWith(".si")) {
                    overwrite(f, 0, (int) Files.size(f), new Random(2));
                }
            }
        }, urls);
    }

    @Test
    void aDamagedStoreOrAStoreUnderAnotherKeyIsRefusedAndLeftAsItWas() throws Exception {
        source(50);
        // 'start' throughout: the launcher keeps its logging settings in data/config/, where 'run' differs from 'start'
        dist = Distribution.copy(tmp, "tributary");
        cli = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port)));
        Cli.Result first = cli.run("start");
        assertThat(first.exitCode()).as(first.all()).isZero();
        dist.deployConnector("filesystem");
        Files.writeString(dist.etc().resolve("dev.tributary.connector.filesystem~notes.cfg"),
                "root = " + tmp.resolve("source") + "\nschedule = manual\n");
        await("instance notes appears").atMost(Duration.ofSeconds(30)).until(() -> cli.run("instances", "--json").out().contains("\"notes\""));
        assertThat(cli.run("sync", "notes", "--wait").exitCode()).isZero();
        stop();
        Path store = dist.home.resolve("data/store");
        Path pristine = tmp.resolve("backup");
        Trees.copy(dist.home.resolve("data"), pristine.resolve("data"));
        Trees.copy(dist.home.resolve("keys"), pristine.resolve("keys"));
        Path other = otherHostsVaultAndKey();

        refused("garbage over a quarter of the .data file", () -> {
            Path data = store.resolve("tributary.data");
            overwrite(data, Files.size(data) / 4, (int) (Files.size(data) / 4), new Random(3));
        }, pristine, "component/dev.tributary.store", "its files are damaged", "restore " + dist.home.resolve("data"), "Nothing was changed");
        refused("the .data file cut to a third", () -> {
            Path data = store.resolve("tributary.data");
            truncate(data, Files.size(data) / 3);
        }, pristine, "component/dev.tributary.store", "its files are damaged", "from your last backup");
        refused("garbage in the .script file", () -> {
            Path script = store.resolve("tributary.script");
            overwrite(script, 0, (int) Files.size(script), new Random(4));
        }, pristine, "component/dev.tributary.store", "its files are damaged", "from your last backup");
        refused("garbage in the .properties file", () -> {
            Path properties = store.resolve("tributary.properties");
            overwrite(properties, 0, (int) Files.size(properties), new Random(5));
        }, pristine, "component/dev.tributary.store", "tributary.properties", "its files are damaged");
        refused("the vault and master key of another host, valid but not this store's", () -> {
            Files.copy(other.resolve("secrets.properties"), dist.home.resolve("data/vault/secrets.properties"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(other.resolve("master.key"), dist.home.resolve("keys/master.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }, pristine, "component/dev.tributary.store", "it is encrypted with key", "Put back the vault and master key");
        refused("another valid master key", () -> {
            byte[] key = new byte[32];
            new Random(6).nextBytes(key);
            Files.writeString(dist.home.resolve("keys/master.key"), "tributary-master-key v1 " + Base64.getEncoder().encodeToString(key) + "\n");
        }, pristine, "component/dev.tributary.vault", "does not match the vault", "restore the right key file from backup");
        refused("the master key file missing", () -> Files.delete(dist.home.resolve("keys/master.key")),
                pristine, "component/dev.tributary.vault", "master.key is missing", "restore the key file from backup");
        assertThat(dist.home.resolve("keys/master.key")).as("a missing master key is not replaced by a new one").doesNotExist();
    }

    // ---- the index

    private interface Damage {
        void apply(Path generation) throws IOException;
    }

    /** Damages the live index generation of the stopped host, starts it and expects it healthy, with exactly the source's documents. */
    private void damageIndexAndRestart(String what, Damage damage, Set<String> urls) throws Exception {
        Path index = dist.home.resolve("data/index");
        Path generation = index.resolve(Files.readString(index.resolve("current")).strip());
        damage.apply(generation);
        long logFrom = Files.size(dist.log());

        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(what + ": " + start.all()).isZero();
        await(what + ": the index rebuilt and the host healthy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(dist.get("/health").body()).path("status").asText().equals("UP")
                        && !Files.readString(index.resolve("current")).strip().equals(generation.getFileName().toString()));
        assertThat(urlsFound("ferry")).as(what + ": search finds exactly the stored documents").isEqualTo(urls);
        await(what + ": bin/tributary status says UP").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> cli.run("status").out().contains("Health: UP"));

        List<String> problems = logSince(logFrom).lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        assertThat(problems).as(what + ": one WARN line, and no other warning or error").singleElement().asString()
                .contains("WARN", "Rebuilding the index", "from the store", "is damaged and cannot be opened");
        stop();
    }

    /** Every URL the search finds for {@code word}, page by page; a URL found twice fails. */
    private Set<String> urlsFound(String word) throws Exception {
        Set<String> found = new HashSet<>();
        long total = -1;
        for (int page = 0; total < 0 || (long) page * 100 < total; page++) {
            JsonNode r = JSON.readTree(api("/api/v1/search?q=" + word + "&as=user:nobody&size=100&page=" + page));
            total = r.path("total").asLong();
            for (JsonNode hit : r.path("hits")) {
                assertThat(found.add(hit.path("url").asText())).as("found twice: " + hit.path("url").asText()).isTrue();
            }
        }
        assertThat(found).hasSize((int) total);
        return found;
    }

    private String api(String path) throws Exception {
        HttpResponse<String> r = Distribution.HTTP.send(HttpRequest.newBuilder(URI.create(dist.url(path)))
                .header("Authorization", "Bearer " + dist.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static Path largest(Path generation) throws IOException {
        return list(generation).stream().filter(f -> !f.getFileName().toString().equals("write.lock"))
                .max(Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
    }

    // ---- the store

    private interface Change {
        void apply() throws IOException;
    }

    /**
     * Puts data/ and keys/ back as they were backed up, applies {@code damage}, runs the host and
     * expects /health and status to show {@code check} DOWN with a message saying {@code said}, and
     * data/ unchanged after the host stopped.
     */
    private void refused(String what, Change damage, Path backup, String check, String... said) throws Exception {
        for (String dir : List.of("data", "keys")) {
            Trees.delete(dist.home.resolve(dir));
            Trees.copy(backup.resolve(dir), dist.home.resolve(dir));
        }
        damage.apply();
        Map<String, String> before = snapshot(dist.home.resolve("data"));
        long logFrom = Files.size(dist.log());

        Cli.Result start = cli.run("start", "--timeout", "120");
        try {
            // start says so once the host is up but stays DOWN, instead of waiting out its timeout
            assertThat(start.exitCode()).as(what + ": start of a host that stays DOWN: " + start.all()).isEqualTo(1);
            assertThat(start.err()).as(what + ": what start says").contains("started, but it is DOWN", check).contains(said)
                    .doesNotContain("did not become healthy within");
            JsonNode[] health = new JsonNode[1];
            await(what + ": " + check + " DOWN in /health").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> {
                        health[0] = JSON.readTree(dist.get("/health").body());
                        // a vault that did not open keeps the store closed too
                        return downWith(health[0], check, said) && (!check.endsWith("dev.tributary.vault")
                                || downWith(health[0], "component/dev.tributary.store", "Vault it needs is not available"));
                    });
            assertThat(dist.get("/health").statusCode()).as(what).isEqualTo(503);
            assertThat(health[0].path("status").asText()).as(what).isEqualTo("DOWN");
            Cli.Result status = cli.run("status");
            assertThat(status.exitCode()).as(what + ": status of a DOWN host").isNotZero();
            assertThat(status.out()).as(what + ": bin/tributary status").contains("Health: DOWN", "DOWN " + check + ":").contains(said);
        } finally {
            stop();
            assertThat(cli.run("status").exitCode()).as(what + ": the host stopped").isEqualTo(3);
        }
        if (check.endsWith("dev.tributary.store")) {
            assertThat(logSince(logFrom).lines().filter(l -> l.contains("The store was not opened")).count())
                    .as(what + ": the refusal is logged once").isEqualTo(1);
        }
        assertThat(snapshot(dist.home.resolve("data"))).as(what + ": every file and folder under data/ after the refused start")
                .isEqualTo(before);
    }

    private static boolean downWith(JsonNode health, String check, String... said) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(check) && c.path("status").asText().equals("DOWN")) {
                String message = c.path("message").asText();
                return Stream.of(said).allMatch(message::contains);
            }
        }
        return false;
    }

    /** A second host started once: its vault (holding its own store key) and its master key, both valid, neither this store's. */
    private Path otherHostsVaultAndKey() throws Exception {
        Distribution second = Distribution.copy(tmp, "other");
        Cli otherCli = new Cli(second.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(second.port)));
        assertThat(otherCli.run("start").exitCode()).isZero();
        assertThat(otherCli.run("stop", "--timeout", "30").exitCode()).isZero();
        Path kept = Files.createDirectories(tmp.resolve("other-vault"));
        Files.copy(second.home.resolve("data/vault/secrets.properties"), kept.resolve("secrets.properties"));
        Files.copy(second.home.resolve("keys/master.key"), kept.resolve("master.key"));
        return kept;
    }

    /** Every file and folder under {@code data} with the SHA-256 of its content, but what the running framework always rewrites. */
    private static Map<String, String> snapshot(Path data) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.toList()) {
                Path relative = data.relativize(p);
                if (relative.getNameCount() > 0 && ALWAYS_REWRITTEN.contains(relative.getName(0).toString())) {
                    continue;
                }
                files.put(relative.toString(), Files.isDirectory(p) ? "folder" : sha256(p));
            }
        }
        return files;
    }

    // ---- helpers

    private Set<String> source(int files) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        Random random = new Random(42);
        Set<String> urls = new HashSet<>();
        for (int i = 0; i < files; i++) {
            StringBuilder text = new StringBuilder("note " + i + " about the harbour ferry:");
            for (int w = 0; w < 150; w++) {
                text.append(' ').append(Integer.toString(random.nextInt(20_000), 36));
            }
            Path f = source.resolve("note-" + i + ".txt");
            Files.writeString(f, text);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            urls.add(f.toUri().toString());
        }
        return urls;
    }

    private void stop() throws Exception {
        Cli.Result stop = cli.run("stop", "--timeout", "30");
        assertThat(stop.exitCode()).as(stop.all()).isIn(0, 3);
    }

    private String logSince(long offset) throws IOException {
        byte[] log = Files.readAllBytes(dist.log());
        return new String(log, (int) Math.min(offset, log.length), (int) Math.max(0, log.length - offset), StandardCharsets.UTF_8);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static void overwrite(Path file, long at, int length, Random random) throws IOException {
        byte[] garbage = new byte[length];
        random.nextBytes(garbage);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(garbage);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
