package dev.tributary.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.Request;
import dev.tributary.api.oauth.AuthorizationRequiredException;
import dev.tributary.api.oauth.TokenException;
import dev.tributary.api.store.Run;
import dev.tributary.api.sync.InstanceInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens kept valid: ahead of expiry, after a 401, once at a time, rotated refresh tokens stored first, a refused one pausing the instance. */
class RefreshTest {

    static final int THREADS = 16;
    final OAuthWorld world;

    RefreshTest() throws Exception {
        world = new OAuthWorld();
    }

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    private Run sync() {
        world.engine.run(OAuthWorld.INSTANCE, () -> false);
        return world.store.runs(OAuthWorld.INSTANCE, 1).get(0);
    }

    @Test
    void aRotatedRefreshTokenIsStoredWithItsAccessTokenInOneWriteBeforeUseAndSurvivesARestart() throws Exception {
        world.connect();
        StoredTokens first = world.stored();
        world.requests();
        int writes = world.vault.tokenWrites.get();

        world.clock.advance(Duration.ofHours(1)); // the token is due
        assertThat(sync().status()).isEqualTo("succeeded");

        StoredTokens second = world.stored();
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.refreshToken()).as("rotated by the provider").isNotEqualTo(first.refreshToken());
        assertThat(world.vault.tokenWrites.get() - writes).as("one write holds both tokens and the expiry").isEqualTo(1);
        assertThat(world.tokenRequests("refresh_token")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("refresh_token", first.refreshToken()));
        assertThat(world.api.presented).last().isEqualTo(second.accessToken());
        assertThat(world.api.notYetStored).as("no access token was used before it was in the vault").isEmpty();
        TokenClient elsewhere = new TokenClient(world.vault, Duration.ofSeconds(10), world.clock);
        assertThatThrownBy(() -> elsewhere.refresh(OAuthWorld.INSTANCE, world.settings, first.refreshToken()))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"));
        world.requests();

        world.host = world.newHost(); // a restart (or a crash) right after the refresh: only the vault remains
        world.clock.advance(Duration.ofHours(1));
        assertThat(sync().status()).isEqualTo("succeeded");
        assertThat(world.tokenRequests("refresh_token")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("refresh_token", second.refreshToken()));
        assertThat(world.stored().refreshToken()).isNotEqualTo(second.refreshToken());
        assertThat(world.api.unauthorized).hasValue(0);
    }

    @Test
    void aTokenExpiringDuringASyncIsRenewedAheadOfItsExpiry() throws Exception {
        // every token of this authorization lives 3 s
        world.server.enqueueCallback(new DefaultOAuth2TokenCallback(OAuthWorld.ISSUER, "ann", JOSEObjectType.JWT.getType(), null, Map.of(), 3));
        world.connect();
        world.work = (client, ctx) -> await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            client.send(Request.get(world.api.url()));
            return world.api.distinct() >= 3;
        });

        Run run = sync();

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
        assertThat(world.api.presented.size()).as("requests across three tokens").isGreaterThan(3);
        assertThat(world.api.expiredSeen).as("never an expired token").hasValue(0);
        assertThat(world.api.unauthorized).hasValue(0);
        assertThat(world.tokenRequests("refresh_token")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(world.api.notYetStored).isEmpty();
    }

    @Test
    void a401RenewsTheTokenOnceAndTheRequestIsSentAgain() throws Exception {
        world.connect();
        assertThat(sync().status()).isEqualTo("succeeded");
        String revoked = world.stored().accessToken();
        world.api.revoked.add(revoked); // the source stopped accepting it before its expiry
        world.requests();

        Run run = sync();

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
        assertThat(world.tokenRequests("refresh_token")).hasSize(1);
        assertThat(world.api.presented).containsExactly(revoked, revoked, world.stored().accessToken());
        assertThat(world.api.unauthorized).hasValue(1);
    }

    @Test
    void manyThreadsRefreshingAfterA401SendOneRefreshAndAllUseItsResult() throws Exception {
        world.connect();
        Credentials credentials = world.host.credentials(OAuthWorld.INSTANCE, world.settings);
        String old = credentials.authenticate(Request.get(world.api.url())).headers().get("authorization").get(0);
        world.requests();

        List<String> used = race(() -> {
            credentials.authenticate(Request.get(world.api.url())); // each thread's request, refused with 401
            return () -> {
                credentials.refresh();
                return credentials.authenticate(Request.get(world.api.url())).headers().get("authorization").get(0);
            };
        });

        assertThat(world.tokenRequests("refresh_token")).as("one refresh request reached the provider").hasSize(1);
        assertThat(used).hasSize(THREADS).containsOnly("Bearer " + world.stored().accessToken()).doesNotContain(old);
    }

    @Test
    void manyThreadsFindingTheTokenDueShareOneRefresh() throws Exception {
        world.connect();
        Credentials credentials = world.host.credentials(OAuthWorld.INSTANCE, world.settings);
        credentials.authenticate(Request.get(world.api.url()));
        world.requests();
        world.clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // within a minute of its expiry

        List<String> used = race(() -> () -> credentials.authenticate(Request.get(world.api.url())).headers().get("authorization").get(0));

        assertThat(world.tokenRequests("refresh_token")).hasSize(1);
        assertThat(used).hasSize(THREADS).containsOnly("Bearer " + world.stored().accessToken());
    }

    @Test
    void aLate401RenewsFromTheLatestTokensNeverWithARefreshTokenRotatedAwaySince() throws Exception {
        world.connect();
        Credentials credentials = world.host.credentials(OAuthWorld.INSTANCE, world.settings);
        credentials.authenticate(Request.get(world.api.url())); // this thread's request, whose 401 comes late
        world.clock.advance(Duration.ofHours(1));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> credentials.authenticate(Request.get(world.api.url()))).get(30, TimeUnit.SECONDS); // renewed, rotated
        } finally {
            other.shutdownNow();
        }
        String rotated = world.stored().refreshToken();
        world.clock.advance(Duration.ofHours(1)); // and due again when the late 401 arrives
        world.requests();

        assertThat(credentials.refresh()).isTrue();

        assertThat(world.tokenRequests("refresh_token")).singleElement().satisfies(r -> assertThat(r).containsEntry("refresh_token", rotated));
        assertThat(world.engine.instance(OAuthWorld.INSTANCE).orElseThrow().state()).isEqualTo("idle");
        assertThat(world.stored().refreshToken()).isNotEqualTo(rotated);
    }

    @Test
    void aRefusedRefreshTokenPausesTheInstanceWithoutARetryStormUntilItIsAuthorizedAgain() throws Exception {
        world.connect();
        StoredTokens connected = world.stored();
        // revoked at the provider: here, used (and so rotated away) by someone else
        new TokenClient(world.vault, Duration.ofSeconds(10), world.clock).refresh(OAuthWorld.INSTANCE, world.settings, connected.refreshToken());
        world.requests();
        world.clock.advance(Duration.ofHours(1));

        Run failed = sync();

        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.error()).contains("AuthorizationRequiredException", "Instance crm needs re-authorization",
                "refresh token was revoked or has expired", "invalid_grant", "run 'bin/tributary authorize crm'")
                .doesNotContain(connected.refreshToken());
        InstanceInfo paused = world.engine.instance(OAuthWorld.INSTANCE).orElseThrow();
        assertThat(paused.state()).isEqualTo("needs-authorization");
        assertThat(paused.message()).contains("needs re-authorization", "bin/tributary authorize crm");
        assertThat(world.stored()).as("the dead refresh token is forgotten").isNull();
        assertThat(world.tokenRequests("refresh_token")).hasSize(1);

        int syncs = world.syncs.get();
        for (int i = 0; i < 3; i++) {
            world.engine.run(OAuthWorld.INSTANCE, () -> false);
        }
        assertThatThrownBy(() -> world.engine.sync(OAuthWorld.INSTANCE, false)).hasMessage(paused.message());
        Credentials credentials = world.host.credentials(OAuthWorld.INSTANCE, world.settings);
        assertThatThrownBy(() -> credentials.authenticate(Request.get(world.api.url()))).isInstanceOf(AuthorizationRequiredException.class);
        assertThat(world.syncs).as("the connector is not run while paused").hasValue(syncs);
        assertThat(world.store.runs(OAuthWorld.INSTANCE, 10)).as("no run is recorded either").hasSize(1);
        assertThat(world.requests()).as("and nothing is asked of the provider").isEmpty();

        assertThat(world.connect().page().body()).contains("Instance crm is connected", "resumes its syncs now");
        assertThat(world.engine.instance(OAuthWorld.INSTANCE).orElseThrow().state()).isEqualTo("idle");
        assertThat(sync().status()).isEqualTo("succeeded");
        assertThat(credentials.authenticate(Request.get(world.api.url())).headers().get("authorization"))
                .containsExactly("Bearer " + world.stored().accessToken());
    }

    /**
     * Runs {@value #THREADS} tasks at once: each prepares on its own thread, then all do their part
     * together; returns what each did.
     */
    private static List<String> race(java.util.concurrent.Callable<java.util.concurrent.Callable<String>> prepare) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                results.add(pool.submit(() -> {
                    java.util.concurrent.Callable<String> part = prepare.call();
                    ready.countDown();
                    assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
                    return part.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<String> done = new ArrayList<>();
            for (Future<String> f : results) {
                done.add(f.get(30, TimeUnit.SECONDS));
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }
}
