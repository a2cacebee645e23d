package dev.tributary.connector.github.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.ConnectorDescriptor.AuthKind;
import dev.tributary.api.connector.ConnectorDescriptor.Capability;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.schedule.Schedule;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One instance per configuration {@code etc/dev.tributary.connector.github~<name>.cfg}: repositories
 * (description and README), issues, pull requests and their comments, readable by whom GitHub lets
 * read the repository. The token lives in the vault as the instance's secret {@code token}.
 */
@Component(configurationPid = GitHubConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Connector.class)
@Designate(ocd = GitHubConnector.Config.class, factory = true)
public final class GitHubConnector implements Connector, WebhookReceiver {

    static final String PID = "dev.tributary.connector.github";
    static final String TOKEN = "token";

    @ObjectClassDefinition(name = "GitHub", description = "Repositories, issues, pull requests and comments of GitHub or GitHub Enterprise Server.")
    public @interface Config {
        @AttributeDefinition(name = "API URL", description = "https://api.github.com/ for github.com; https://<host>/api/v3/ for GitHub Enterprise Server.")
        String apiUrl() default "https://api.github.com/";

        @AttributeDefinition(name = "Repositories", description = "owner/name, owner/* (all of a user or organization), or * (every one the token sees).")
        String[] repositories() default {"*"};

        @AttributeDefinition(name = "List everything every", description = "How often all items are listed, so deletions at GitHub are noticed (e.g. 1d).")
        String reconcileEvery() default "1d";

        @AttributeDefinition(name = "Schedule", description = "How often it syncs: e.g. 15m, 1h, cron:0 3 * * *, or manual.")
        String schedule() default "15m";
    }

    private final URI apiUrl;
    private final List<String> repositories;
    private final Duration reconcileEvery;
    private final String version;

    @Activate
    public GitHubConnector(BundleContext context, Config config) {
        this(config, context.getBundle().getVersion().toString());
    }

    GitHubConnector(Config config, String version) {
        this.apiUrl = apiUrl(config.apiUrl());
        this.repositories = Arrays.stream(config.repositories()).filter(s -> !s.isBlank()).map(Repositories::validate).toList();
        this.reconcileEvery = Schedule.duration(config.reconcileEvery());
        this.version = version;
    }

    private static URI apiUrl(String text) {
        try {
            URI uri = URI.create(text.trim());
            if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException("no http(s) host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apiUrl '" + text + "' is not an http(s) URL such as https://api.github.com/", e);
        }
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor("github", "GitHub", version, AuthKind.API_KEY, PID,
                Set.of(Capability.INCREMENTAL, Capability.PRUNING, Capability.WEBHOOKS));
    }

    @Override
    public void sync(SyncContext ctx) throws Exception {
        new GitHubSync(ctx, api(ctx), repositories, reconcileEvery).run();
    }

    @Override
    public Accepted verify(WebhookDelivery delivery, Function<String, Optional<char[]>> secrets) throws WebhookRejected {
        return WebhookEvents.verify(delivery, secrets);
    }

    @Override
    public void process(WebhookDelivery delivery, SyncContext ctx) throws Exception {
        GitHubApi api = api(ctx);
        WebhookEvents.process(delivery, ctx, api, GitHubSync.targeted(ctx, api));
    }

    private GitHubApi api(SyncContext ctx) {
        char[] token = ctx.secret(TOKEN).orElseThrow(() -> new IllegalStateException("instance " + ctx.instanceId()
                + " has no GitHub token: store a personal access token as its secret '" + TOKEN + "'"));
        return new GitHubApi(ctx.http(Credentials.token("Bearer", token)), apiUrl);
    }
}
