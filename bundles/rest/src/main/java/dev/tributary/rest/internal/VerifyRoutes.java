package dev.tributary.rest.internal;

import dev.tributary.api.search.IndexCheck;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.StoredDocument;
import dev.tributary.api.sync.SyncService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an admin reads to check that nothing was lost or duplicated (e.g. after a crash): an
 * instance's stored documents by their hashes, compared with the source outside, and the index
 * compared with the store.
 */
final class VerifyRoutes {

    private final Services services;

    VerifyRoutes(Services services) {
        this.services = services;
    }

    /**
     * A page of an instance's documents: id, content hash, SHA-256 of the text, sequence — no content. Paged
     * by {@code after} (the last id of the previous page, given as {@code next}), not by page number: an
     * instance may hold millions, and a page number would make the store skip all the pages before.
     */
    Api.Response documents(String instance, ApiRequest r) {
        DocumentStore store = services.store().get();
        if (store == null) {
            return Api.unavailable("store");
        }
        SyncService sync = services.sync().get();
        long total = store.count(instance);
        if (total == 0 && (sync == null || sync.instance(instance).isEmpty())) {
            return Api.problem(404, "Not Found", "no instance '" + instance + "'");
        }
        int size = Api.integer(r.params(), "size", 100);
        if (size < 1 || size > Paging.MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + Paging.MAX_SIZE + ", not " + size);
        }
        String after = Optional.ofNullable(Api.first(r.params(), "after")).orElse("");
        List<StoredDocument> page = store.documents(instance, after, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", instance);
        body.put("documents", page.stream().map(VerifyRoutes::digest).toList());
        body.put("size", size);
        body.put("total", total);
        body.put("next", page.size() < size ? null : page.get(page.size() - 1).document().externalId());
        return new Api.Response(200, body);
    }

    /** The index compared with the store; 503 while the index is not open (starting or rebuilding). */
    Api.Response verifyIndex() {
        SearchService search = services.search().get();
        if (search == null) {
            return Api.unavailable("index");
        }
        Optional<IndexCheck> check = search.verify();
        if (check.isEmpty()) {
            return Api.problem(503, "Service Unavailable", "the index is not open yet (starting or rebuilding): try again in a moment");
        }
        IndexCheck c = check.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("consistent", c.consistent());
        body.put("current", c.appliedSequence() == c.storeSequence());
        body.put("appliedSequence", c.appliedSequence());
        body.put("storeSequence", c.storeSequence());
        body.put("stored", c.stored());
        body.put("indexed", c.indexed());
        body.put("missing", c.missing());
        body.put("unexpected", c.unexpected());
        body.put("duplicated", c.duplicated());
        body.put("differing", c.differing());
        return new Api.Response(200, body);
    }

    private static Map<String, Object> digest(StoredDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("externalId", d.document().externalId());
        m.put("contentHash", d.contentHash());
        m.put("textSha256", sha256(d.document().text()));
        m.put("sequence", d.sequence());
        return m;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
