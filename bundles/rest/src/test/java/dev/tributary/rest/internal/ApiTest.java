package dev.tributary.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.http.Credentials;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.sync.SyncService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.tributary.testkit.MemoryVault;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {

    @TempDir
    Path data;
    String bearer;
    final List<SearchRequest> searches = new ArrayList<>();
    final List<String> synced = new ArrayList<>();
    final List<String> rotated = new ArrayList<>();
    final List<String> authorized = new ArrayList<>();
    Api api;
    Api withOAuth;

    @BeforeEach
    void setUp() throws Exception {
        AdminToken token = AdminToken.loadOrCreate(data);
        bearer = "Bearer " + Files.readString(data.resolve(AdminToken.FILE)).trim();
        SearchService search = FakeServices.search(searches::add);
        SyncService sync = FakeServices.sync(synced::add);
        api = new Api(token, Services.none().search(search).sync(sync).vault(vault));
        OAuthService oauth = new OAuthService() {
            public Credentials credentials(String id, OAuthSettings settings) { throw new UnsupportedOperationException(); }
            public URI redirectUri() { return URI.create("http://127.0.0.1:8080/oauth/callback"); }
            public Authorization authorize(String id) {
                authorized.add(id);
                return new Authorization(id, URI.create("https://idp.example/authorize?client_id=c&state=s"), redirectUri(),
                        Instant.parse("2026-01-01T00:10:00Z"));
            }
        };
        withOAuth = new Api(token, Services.none().search(search).sync(sync).vault(vault).oauth(oauth));
    }

    private final MemoryVault vault = new MemoryVault() {
        @Override
        public void rotateMasterKey() {
            rotated.add("yes");
        }
    };

    @Test
    void secretsAreWrittenListedByNameAndDeletedButNeverReadBack() {
        var stored = api.handle("PUT", "/instances/gh/secrets/token", Map.of(), bearer, "ghp_s3cret".toCharArray());
        assertThat(stored.status()).isEqualTo(200);
        assertThat(new String(vault.get("gh", "token").orElseThrow())).isEqualTo("ghp_s3cret");

        var listed = api.handle("GET", "/instances/gh/secrets", Map.of(), bearer);
        assertThat(listed.body()).isEqualTo(Map.of("instance", "gh", "secrets", new java.util.TreeSet<>(java.util.Set.of("token"))));
        assertThat(listed.body().toString()).doesNotContain("ghp_s3cret");
        assertThat(api.handle("GET", "/instances/gh/secrets/token", Map.of(), bearer).status()).as("never read back").isEqualTo(405);
        assertThat(api.handle("PUT", "/instances/gh/secrets/token", Map.of(), null, "x".toCharArray()).status()).isEqualTo(401);
        assertThat(api.handle("PUT", "/instances/gh/secrets/token", Map.of(), bearer, new char[0]).status()).isEqualTo(400);
        assertThat(api.handle("PUT", "/instances/gh/secrets/token", Map.of(), bearer, new char[Api.MAX_SECRET + 1]).status()).isEqualTo(413);
        assertThat(api.handle("PUT", "/instances/..%2Fx/secrets/token", Map.of(), bearer, "x".toCharArray()).status()).isEqualTo(400);

        assertThat(api.handle("DELETE", "/instances/gh/secrets/token", Map.of(), bearer).status()).isEqualTo(200);
        assertThat(vault.get("gh", "token")).isEmpty();
        assertThat(api.handle("DELETE", "/instances/gh/secrets/token", Map.of(), bearer).status()).isEqualTo(404);
    }

    @Test
    void theTokenFileIsPrivateAndEveryRouteNeedsTheToken() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(AdminToken.FILE)))).isEqualTo("rw-------");
        assertThat(api.handle("GET", "/instances", Map.of(), null).status()).isEqualTo(401);
        assertThat(api.handle("GET", "/instances", Map.of(), "Bearer wrong").status()).isEqualTo(401);
        assertThat(api.handle("GET", "/instances", Map.of(), bearer).status()).isEqualTo(200);
        assertThat(AdminToken.loadOrCreate(data).accepts(bearer)).as("the same token after a restart").isTrue();
    }

    @Test
    void searchRunsAsTheGivenPrincipalsPlusEveryoneWithFiltersAndPaging() {
        var r = api.handle("GET", "/search", Map.of("q", List.of("report"), "as", List.of("user:ann", "group:eng"),
                "instance", List.of("docs"), "from", List.of("2026-01-01T00:00:00Z"), "page", List.of("2"), "size", List.of("5")), bearer);
        assertThat(r.status()).isEqualTo(200);
        SearchRequest sent = searches.get(0);
        assertThat(sent.principals()).containsExactlyInAnyOrder("user:ann", "group:eng", "everyone");
        assertThat(sent.filters().instances()).containsExactly("docs");
        assertThat(sent.page()).isEqualTo(2);
        assertThat(sent.pageSize()).isEqualTo(5);
    }

    @Test
    void badInputIsAProblemSayingWhatToDo() {
        var noAs = api.handle("GET", "/search", Map.of("q", List.of("x")), bearer);
        assertThat(noAs.status()).isEqualTo(400);
        assertThat(noAs.body().toString()).contains("as=user:<name>");
        var badDate = api.handle("GET", "/search", Map.of("as", List.of("user:a"), "from", List.of("yesterday")), bearer);
        assertThat(badDate.body().toString()).contains("ISO-8601");
        var badSize = api.handle("GET", "/search", Map.of("as", List.of("user:a"), "size", List.of("1000")), bearer);
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(api.handle("DELETE", "/search", Map.of(), bearer).status()).isEqualTo(404);
    }

    @Test
    void syncCancelAndReindex() {
        assertThat(api.handle("POST", "/instances/docs/sync", Map.of("full", List.of("true")), bearer).status()).isEqualTo(202);
        assertThat(synced).containsExactly("docs full");
        assertThat(api.handle("POST", "/instances/nope/sync", Map.of(), bearer).status()).isEqualTo(404);
        assertThat(api.handle("POST", "/instances/docs/cancel", Map.of(), bearer).status()).isEqualTo(409);
        assertThat(api.handle("POST", "/index/rebuild", Map.of(), bearer).body().toString()).contains("documents=7");
        assertThat(api.handle("GET", "/instances/docs", Map.of(), bearer).status()).isEqualTo(200);
        assertThat(api.handle("POST", "/vault/rotate-key", Map.of(), bearer).status()).isEqualTo(200);
        assertThat(rotated).containsExactly("yes");
    }

    @Test
    void authorizeReturnsTheUrlToOpenBehindTheAdminToken() {
        assertThat(withOAuth.handle("POST", "/instances/docs/authorize", Map.of(), null).status()).isEqualTo(401);
        assertThat(authorized).isEmpty();

        var r = withOAuth.handle("POST", "/instances/docs/authorize", Map.of(), bearer);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Map.of("instance", "docs", "authorizationUrl", "https://idp.example/authorize?client_id=c&state=s",
                "redirectUri", "http://127.0.0.1:8080/oauth/callback", "expires", Instant.parse("2026-01-01T00:10:00Z")));
        assertThat(authorized).containsExactly("docs");

        assertThat(withOAuth.handle("POST", "/instances/nope/authorize", Map.of(), bearer).status()).isEqualTo(404);
        var noOAuth = api.handle("POST", "/instances/docs/authorize", Map.of(), bearer);
        assertThat(noOAuth.status()).isEqualTo(503);
        assertThat(noOAuth.body().toString()).contains("OAuth service is not running");
    }
}
