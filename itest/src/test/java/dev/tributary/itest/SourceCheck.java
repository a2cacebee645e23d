package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What "nothing lost, nothing duplicated" means for a file-system instance: the store holds one
 * document per file of the source, each with the file's content (its text's SHA-256 is the file's),
 * and the index holds exactly the store's documents, once each, with the store's content hashes.
 */
final class SourceCheck {

    /** Names listed in a failure message at most. */
    private static final int SHOWN = 20;

    private SourceCheck() {}

    /** @param expected SHA-256 of each file's bytes by its path relative to the instance's root */
    static void assertHoldsExactly(HostApi api, String instance, Map<String, String> expected) throws Exception {
        long started = System.nanoTime();
        assertStoreHolds(api, instance, expected);
        assertIndexMatchesStore(api, expected.size());
        System.out.printf("index compared with the store: %d ms in all%n", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The instance's stored documents are exactly the source's files, each with the file's content
     * (the other instances of the host are not looked at).
     */
    static void assertStoreHolds(HostApi api, String instance, Map<String, String> expected) throws Exception {
        long started = System.nanoTime();
        Map<String, JsonNode> stored = api.documents(instance);
        System.out.printf("%s: store listed %d documents in %d ms%n", instance, stored.size(), (System.nanoTime() - started) / 1_000_000);
        List<String> missing = new ArrayList<>();
        List<String> wrongContent = new ArrayList<>();
        for (Map.Entry<String, String> file : expected.entrySet()) {
            JsonNode d = stored.get(file.getKey());
            if (d == null) {
                missing.add(file.getKey());
            } else if (!file.getValue().equals(d.path("textSha256").asText())) {
                wrongContent.add(file.getKey() + " (stored text " + d.path("textSha256").asText() + ", file " + file.getValue() + ")");
            } else if (!d.path("contentHash").asText().matches("[0-9a-f]{64}")) {
                wrongContent.add(file.getKey() + " (content hash " + d.path("contentHash") + ")");
            }
        }
        TreeSet<String> extra = new TreeSet<>(stored.keySet());
        extra.removeAll(expected.keySet());
        assertThat(first(missing)).as("%s: files of the source not stored (%d in all)", instance, missing.size()).isEmpty();
        assertThat(first(new ArrayList<>(extra))).as("%s: stored documents that are no file of the source (%d in all)", instance, extra.size())
                .isEmpty();
        assertThat(first(wrongContent)).as("%s: stored documents whose text is not the file's content (%d in all)", instance,
                wrongContent.size()).isEmpty();
        assertThat(stored).as("%s: stored documents", instance).hasSize(expected.size());
        assertThat(api.instance(instance).orElseThrow().path("documents").asLong()).as("%s: the instance's document count", instance)
                .isEqualTo(expected.size());
    }

    /** Once the index has applied every store change, it holds exactly the store's {@code documents} documents (all instances'), once each. */
    static void assertIndexMatchesStore(HostApi api, long documents) {
        JsonNode[] check = new JsonNode[1];
        await("the index applies every store change").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> (check[0] = api.verifyIndex()).path("current").asBoolean());
        JsonNode c = check[0];
        assertThat(c.path("missing")).as("stored but not indexed: %s", c).isEmpty();
        assertThat(c.path("unexpected")).as("indexed but not stored: %s", c).isEmpty();
        assertThat(c.path("duplicated")).as("indexed more than once: %s", c).isEmpty();
        assertThat(c.path("differing")).as("indexed with another content hash than the store's: %s", c).isEmpty();
        assertThat(c.path("stored").asLong()).as("documents the index should hold: %s", c).isEqualTo(documents);
        assertThat(c.path("indexed").asLong()).as("documents in the index, each copy counted: %s", c).isEqualTo(documents);
        assertThat(c.path("consistent").asBoolean()).as("the index agrees with the store: %s", c).isTrue();
    }

    private static List<String> first(List<String> names) {
        return names.subList(0, Math.min(SHOWN, names.size()));
    }
}
