package dev.tributary.itest.tokenprobe;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.SourceClient;
import dev.tributary.api.oauth.OAuthConnector;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * A connector that keeps an instance's OAuth credential busy from several threads at once: its sync
 * calls {@code apiUrl} from {@code probe.threads} threads (each with its own {@code credentials(…)}
 * handle) for {@code probe.syncMillis}, and each webhook delivery it processes — which the host runs
 * beside a sync — calls it for {@code probe.hookMillis}. Deliveries are named by their
 * {@code X-Probe-Delivery} header and not signed: it is a test's probe, not a source.
 */
@Component(name = TokenProbeConnector.PID, configurationPid = TokenProbeConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Connector.class)
public final class TokenProbeConnector implements Connector, OAuthConnector, WebhookReceiver {

    public static final String PID = "dev.tributary.itest.tokenprobe";

    private final OAuthService oauth;
    private final Map<String, Object> configuration;

    @Activate
    public TokenProbeConnector(@Reference OAuthService oauth, Map<String, Object> configuration) {
        this.oauth = oauth;
        this.configuration = Map.copyOf(configuration);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor("tokenprobe", "OAuth token probe", "1.0.0", ConnectorDescriptor.AuthKind.OAUTH2, PID,
                Set.of(ConnectorDescriptor.Capability.WEBHOOKS));
    }

    @Override
    public OAuthSettings oauthSettings() {
        return OAuthSettings.fromConfiguration(configuration);
    }

    @Override
    public void sync(SyncContext ctx) throws Exception {
        int threads = Integer.parseInt(String.valueOf(configuration.getOrDefault("probe.threads", "3")));
        long until = System.nanoTime() + millis("probe.syncMillis") * 1_000_000;
        List<SourceClient> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            clients.add(ctx.http(oauth.credentials(ctx.instanceId(), oauthSettings()))); // one handle each: they must share one set of tokens
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            clients.forEach(client -> calls.add(pool.submit(() -> callUntil(client, until))));
            int total = 0;
            for (Future<Integer> f : calls) {
                total += f.get();
            }
            ctx.emit(Document.builder("sync").title("Sync calls").text("The sync made " + total + " calls").url(api())
                    .principals(Set.of("everyone")).build());
        } finally {
            pool.shutdownNow();
        }
        ctx.listed("sync");
        ctx.listingComplete();
        ctx.commit("done");
    }

    @Override
    public Accepted verify(WebhookDelivery delivery, Function<String, Optional<char[]>> secrets) throws WebhookRejected {
        String id = delivery.header("X-Probe-Delivery").orElseThrow(() -> new WebhookRejected("no X-Probe-Delivery header"));
        return new Accepted(id, "probe");
    }

    @Override
    public void process(WebhookDelivery delivery, SyncContext ctx) throws Exception {
        String id = delivery.header("X-Probe-Delivery").orElseThrow();
        int calls = callUntil(ctx.http(oauth.credentials(ctx.instanceId(), oauthSettings())),
                System.nanoTime() + millis("probe.hookMillis") * 1_000_000);
        ctx.emit(Document.builder("hook-" + id).title("Delivery " + id).text("The delivery made " + calls + " calls").url(api())
                .principals(Set.of("everyone")).build());
        ctx.commit("hook " + id);
    }

    /** Calls the API one request after the other until {@code deadline} ({@link System#nanoTime}); how many it made. */
    private int callUntil(SourceClient client, long deadline) throws Exception {
        int calls = 0;
        do {
            client.send(Request.get(api()));
            calls++;
        } while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted());
        return calls;
    }

    private String api() {
        return String.valueOf(configuration.get("apiUrl"));
    }

    private long millis(String key) {
        return Long.parseLong(String.valueOf(configuration.getOrDefault(key, "1000")));
    }
}
