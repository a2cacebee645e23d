package dev.tributary.connector.github.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.ConnectorDescriptor.AuthKind;
import dev.tributary.api.connector.ConnectorDescriptor.Capability;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.oauth.OAuthConnector;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
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
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One instance per configuration {@code etc/dev.tributary.connector.github~<name>.cfg}: repositories
 * (description and README), issues, pull requests and their comments, readable by whom GitHub lets
 * read the repository. The token lives in the vault as the instance's secret {@code token}.
 */
@Component(configurationPid = GitHubConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Connector.class)
@Designate(ocd = GitHubConnector.Config.class, factory = true)
public final class GitHubConnector implements Connector, WebhookReceiver, OAuthConnector {

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

        @AttributeDefinition(name = "Authentication", description = "token: a personal access token (secret 'token'); oauth: a person "
                + "approves a GitHub App or OAuth app once (bin/tributary authorize <instance>; its secret 'clientSecret').",
                options = {@Option(value = "token", label = "Personal access token"), @Option(value = "oauth", label = "GitHub App / OAuth app")})
        String auth() default "token";

        @AttributeDefinition(name = "Client ID", description = "The GitHub App's or OAuth app's client ID (auth = oauth).", required = false)
        String clientId() default "";

        @AttributeDefinition(name = "Scopes", description = "For an OAuth app (a GitHub App's permissions are set on the app).", required = false)
        String scopes() default "repo read:org";

        // Secrets: PASSWORD attributes tell the console's form which secrets an instance has; the host keeps
        // them in the vault (never in the configuration), and the connector reads them with ctx.secret(name).

        @AttributeDefinition(name = "Personal access token", type = AttributeType.PASSWORD, required = false,
                description = "auth = token: a token that may read the repositories (and their collaborators and teams, for permissions).")
        String token();

        @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD, required = false,
                description = "auth = oauth: the GitHub App's or OAuth app's client secret.")
        String clientSecret();

        @AttributeDefinition(name = "Webhook secret", type = AttributeType.PASSWORD, required = false,
                description = "The secret of the repository's or organization's webhook (POST /hooks/<instance>), to check its signatures.")
        String webhookSecret();
    }

    private final URI apiUrl;
    private final List<String> repositories;
    private final Duration reconcileEvery;
    private final String version;
    /** Null for a personal access token. */
    private final OAuthSettings oauthSettings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OAuthService oauth;

    @Activate
    public GitHubConnector(BundleContext context, Config config) {
        this(config, context.getBundle().getVersion().toString());
    }

    GitHubConnector(Config config, String version) {
        this.apiUrl = apiUrl(config.apiUrl());
        this.repositories = Arrays.stream(config.repositories()).filter(s -> !s.isBlank()).map(Repositories::validate).toList();
        this.reconcileEvery = Schedule.duration(config.reconcileEvery());
        this.version = version;
        this.oauthSettings = switch (config.auth().trim()) {
            case "token" -> null;
            case "oauth" -> OAuthApps.settings(apiUrl, config.clientId(), config.scopes());
            default -> throw new IllegalArgumentException("auth '" + config.auth() + "' is neither token nor oauth");
        };
    }

    /** For tests: the OAuth service a running host would hand over. */
    GitHubConnector withOAuth(OAuthService service) {
        this.oauth = service;
        return this;
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
    public OAuthSettings oauthSettings() {
        if (oauthSettings == null) {
            throw new IllegalStateException("this instance uses a personal access token (auth = token), not OAuth");
        }
        return oauthSettings;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor("github", "GitHub", version, oauthSettings == null ? AuthKind.API_KEY : AuthKind.OAUTH2, PID,
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
        WebhookEvents.process(delivery, ctx, api, GitHubSync.targeted(ctx, api), repositories);
    }

    private GitHubApi api(SyncContext ctx) {
        return new GitHubApi(ctx.http(credentials(ctx)), apiUrl);
    }

    private Credentials credentials(SyncContext ctx) {
        if (oauthSettings != null) {
            OAuthService service = oauth;
            if (service == null) {
                throw new IllegalStateException("the OAuth service (bundle dev.tributary.oauth) is not running: /health says why");
            }
            return service.credentials(ctx.instanceId(), oauthSettings);
        }
        char[] token = ctx.secret(TOKEN).orElseThrow(() -> new IllegalStateException("instance " + ctx.instanceId()
                + " has no GitHub token: set one with bin/tributary secret set " + ctx.instanceId() + " " + TOKEN));
        return Credentials.token("Bearer", token);
    }
}
