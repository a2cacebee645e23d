package dev.tributary.oauth.internal;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.SourceClient;
import dev.tributary.api.oauth.OAuthConnector;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.http.internal.HttpToolkit;
import dev.tributary.sync.internal.SyncEngine;
import dev.tributary.testkit.ManualScheduler;
import dev.tributary.testkit.MemoryDocumentStore;
import dev.tributary.testkit.MemoryVault;
import dev.tributary.testkit.ServletServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A host in memory around the OAuth service, against a real OAuth server (mock-oauth2-server,
 * issuer {@value #ISSUER}, refresh tokens rotated): the real sync engine and HTTP toolkit, the
 * callback servlet over real HTTP in Jetty, an instance {@value #INSTANCE} whose connector asks
 * {@link #api} with its OAuth credentials, and that API: it accepts an access token only while it
 * is unexpired and not revoked, and records whether each one it saw was already in the vault.
 */
final class OAuthWorld implements AutoCloseable {

    static final String ISSUER = "idp";
    static final String INSTANCE = "crm";
    static final String CLIENT_SECRET = "s3cr3t-client";

    /** What the instance's sync does with its client. */
    interface Work {
        void run(SourceClient client, SyncContext context) throws Exception;
    }

    final MockOAuth2Server server;
    final RecordingVault vault = new RecordingVault();
    final MemoryDocumentStore store = new MemoryDocumentStore();
    final SyncEngine engine = new SyncEngine(store, vault, new ManualScheduler(), Duration.ZERO);
    final TestClock clock = new TestClock();
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
            .build();
    final Api api;
    final AtomicInteger syncs = new AtomicInteger();
    private final ServletServer jetty;
    final URI hostUrl;
    OAuthHost host;
    volatile OAuthSettings settings;
    volatile Work work;

    OAuthWorld() throws Exception {
        server = new MockOAuth2Server(new OAuth2Config(false, null, null, true));
        server.start();
        jetty = ServletServer.start(OAuthHost.CALLBACK_PATH, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                new CallbackServlet(host).service(req, resp); // the current host: tests restart it
            }
        });
        hostUrl = jetty.base();
        host = newHost();
        api = new Api(vault);
        work = (client, ctx) -> client.send(Request.get(api.url()));
        settings = OAuthSettings.authorizationCode(endpoint("authorize"), endpoint("token"), "tributary-app", "clientSecret",
                List.of("openid", "read"));
        vault.put(INSTANCE, "clientSecret", CLIENT_SECRET.toCharArray());
        engine.bindHttp(new HttpToolkit());
        engine.bindConnector(new TestConnector(), Map.of("service.pid", "test.connector~" + INSTANCE, "service.factoryPid", "test.connector",
                "schedule", "manual"));
    }

    /** The OAuth service as after a (re)start: nothing in memory, everything from the vault. */
    OAuthHost newHost() {
        return new OAuthHost(vault, engine, hostUrl, Duration.ofSeconds(60), Duration.ofSeconds(10), clock);
    }

    URI endpoint(String name) {
        return URI.create(server.url(ISSUER + "/" + name).toString());
    }

    /** Starts the authorization and answers the provider's login the way a browser would: follows its redirect to the callback. */
    Connected connect() throws Exception {
        URI url = host.authorize(INSTANCE).url();
        HttpResponse<String> provider = browser.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        if (provider.statusCode() != 302) {
            throw new IllegalStateException("the provider answered " + provider.statusCode() + ": " + provider.body());
        }
        URI callback = URI.create(provider.headers().firstValue("Location").orElseThrow());
        return new Connected(url, callback, get(callback));
    }

    /** An authorization: the URL opened, the provider's answer, and the page the callback showed. */
    record Connected(URI authorizationUrl, URI callback, HttpResponse<String> page) {}

    HttpResponse<String> get(URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The instance's tokens as in the vault now. */
    StoredTokens stored() {
        return vault.get(INSTANCE, StoredTokens.VAULT_NAME).map(StoredTokens::fromJson).orElse(null);
    }

    /** Every request the OAuth server received since the last call, oldest first. */
    List<RecordedRequest> requests() {
        List<RecordedRequest> taken = new ArrayList<>();
        while (true) {
            try {
                taken.add(server.takeRequest(50, TimeUnit.MILLISECONDS));
            } catch (RuntimeException none) {
                return taken;
            }
        }
    }

    /** The token requests among {@link #requests()} with this {@code grant_type}. */
    List<Map<String, String>> tokenRequests(String grantType) {
        return requests().stream().filter(r -> "POST".equals(r.getMethod())).map(OAuthWorld::form)
                .filter(f -> grantType.equals(f.get("grant_type"))).toList();
    }

    static Map<String, String> form(RecordedRequest r) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : r.getBody().readUtf8().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        form.put(":authorization", r.getHeader("Authorization"));
        return form;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    @Override
    public void close() throws Exception {
        api.close();
        jetty.close();
        server.shutdown();
    }

    /** The instance's connector: its OAuth settings are the world's; its sync runs {@link #work} with OAuth credentials. */
    final class TestConnector implements Connector, OAuthConnector {
        @Override
        public ConnectorDescriptor descriptor() {
            return new ConnectorDescriptor("crm", "CRM", "1.0.0", ConnectorDescriptor.AuthKind.OAUTH2, "test.connector", Set.of());
        }

        @Override
        public OAuthSettings oauthSettings() {
            return settings;
        }

        @Override
        public void sync(SyncContext context) throws Exception {
            syncs.incrementAndGet();
            work.run(context.http(host.credentials(context.instanceId(), oauthSettings())), context);
            context.commit("done");
        }
    }

    /**
     * A source's API that accepts an access token only while it is unexpired (its JWT {@code exp}) and
     * not revoked: 401 otherwise, like a real one.
     */
    static final class Api implements AutoCloseable {
        private final HttpServer http;
        private final RecordingVault vault;
        /** Every token presented, in order. */
        final List<String> presented = Collections.synchronizedList(new ArrayList<>());
        final Set<String> revoked = ConcurrentHashMap.newKeySet();
        final AtomicInteger unauthorized = new AtomicInteger();
        final AtomicInteger expiredSeen = new AtomicInteger();
        /** Tokens that were used before the vault held them. */
        final List<String> notYetStored = Collections.synchronizedList(new ArrayList<>());

        Api(RecordingVault vault) throws IOException {
            this.vault = vault;
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
            http.createContext("/items", exchange -> {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                int status = check(auth);
                byte[] body = (status == 200 ? "{\"items\":[]}" : "{\"error\":\"invalid_token\"}").getBytes(StandardCharsets.UTF_8);
                if (status == 401) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/items");
        }

        private int check(String auth) {
            if (auth == null || !auth.startsWith("Bearer ")) {
                unauthorized.incrementAndGet();
                return 401;
            }
            String token = auth.substring(7);
            presented.add(token);
            if (!vault.stored.contains(token)) {
                notYetStored.add(token);
            }
            try {
                Instant exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
                if (!Instant.now().isBefore(exp)) {
                    expiredSeen.incrementAndGet();
                    unauthorized.incrementAndGet();
                    return 401;
                }
            } catch (java.text.ParseException e) {
                unauthorized.incrementAndGet();
                return 401;
            }
            if (revoked.contains(token)) {
                unauthorized.incrementAndGet();
                return 401;
            }
            return 200;
        }

        long distinct() {
            synchronized (presented) {
                return presented.stream().distinct().count();
            }
        }

        @Override
        public void close() {
            http.stop(0);
            ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
        }
    }

    /** A vault that remembers every access token put into an {@code oauth.tokens} entry, once the put returned. */
    static final class RecordingVault extends MemoryVault {
        final Set<String> stored = ConcurrentHashMap.newKeySet();
        final AtomicInteger tokenWrites = new AtomicInteger();

        @Override
        public void put(String scope, String name, char[] secret) {
            super.put(scope, name, secret);
            if (name.equals(StoredTokens.VAULT_NAME)) {
                tokenWrites.incrementAndGet();
                stored.add(StoredTokens.fromJson(secret.clone()).accessToken());
            }
        }
    }

    /** The OAuth service's clock: real time, moved ahead by tests that need a token to be due without waiting for it. */
    static final class TestClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
