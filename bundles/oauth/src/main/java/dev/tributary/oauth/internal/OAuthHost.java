package dev.tributary.oauth.internal;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.tributary.api.connector.Connector;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.oauth.OAuthConnector;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.oauth.OAuthSettings.Grant;
import dev.tributary.api.oauth.TokenException;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.vault.Vault;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth service: credentials per instance, and the authorization code flow — started here
 * ({@link #authorize}), answered at {@code /oauth/callback} ({@link #callback}, through
 * {@link CallbackServlet}).
 */
@Component(service = {OAuthService.class, OAuthHost.class}, configurationPid = OAuthConfig.PID)
@Designate(ocd = OAuthConfig.class)
public final class OAuthHost implements OAuthService {

    /** How long an authorization URL works. */
    static final Duration STATE_TTL = Duration.ofMinutes(10);
    /** The vault entry (host scope) with the key that signs {@code state}. */
    static final String STATE_KEY = "oauth.stateKey";
    static final String CALLBACK_PATH = "/oauth/callback";

    private static final Logger LOG = LoggerFactory.getLogger(OAuthHost.class);

    private final Vault vault;
    private final URI redirectUri;
    private final Duration ahead;
    private final Clock clock;
    private final TokenClient client;
    private final StateTokens<Pending> states;
    private final Map<String, InstanceCredentials> credentials = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SyncService sync;

    /** What an authorization was started with; the verifier never leaves the host. */
    record Pending(String instanceId, OAuthSettings settings, CodeVerifier verifier) {
        @Override
        public String toString() {
            return "pending authorization of " + instanceId;
        }
    }

    /** What the browser is shown after the provider sent it back. */
    record Page(int status, String title, String message) {}

    @Activate
    public OAuthHost(@Reference Vault vault, OAuthConfig config, BundleContext context) {
        this(vault, null, publicUrl(config.publicUrl(), context.getProperty("tributary.http.url")),
                Duration.ofSeconds(config.refreshAheadSeconds()), Duration.ofSeconds(config.timeoutSeconds()), Clock.systemUTC());
        LOG.info("OAuth ready: providers send the browser back to {}", redirectUri);
    }

    /** For tests: the service with its sync engine, answering at {@code publicUrl}/oauth/callback. */
    OAuthHost(Vault vault, SyncService sync, URI publicUrl, Duration ahead, Duration timeout, Clock clock) {
        this.vault = vault;
        this.sync = sync;
        String base = publicUrl.toString().replaceAll("/+$", "");
        this.redirectUri = URI.create(base + CALLBACK_PATH);
        this.ahead = ahead;
        this.clock = clock;
        this.client = new TokenClient(vault, timeout, clock);
        this.states = new StateTokens<>(this::stateKey, clock, STATE_TTL);
    }

    static URI publicUrl(String configured, String hostUrl) {
        String url = configured != null && !configured.isBlank() ? configured.trim() : hostUrl != null ? hostUrl : "http://127.0.0.1:8080/";
        URI uri = URI.create(url);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("publicUrl '" + url + "' of " + OAuthConfig.PID + " is not an absolute URL such as https://tributary.example.com");
        }
        return uri;
    }

    @Override
    public Credentials credentials(String instanceId, OAuthSettings settings) {
        return credentials.compute(instanceId, (id, existing) -> existing != null && existing.settings().equals(settings) ? existing
                : new InstanceCredentials(id, settings, vault, client, clock, ahead, this::pause));
    }

    @Override
    public URI redirectUri() {
        return redirectUri;
    }

    @Override
    public Authorization authorize(String instanceId) {
        SyncService engine = sync;
        if (engine == null) {
            throw new IllegalStateException("the sync engine is not running: /health and log/tributary.log say why");
        }
        Connector connector = engine.connector(instanceId)
                .orElseThrow(() -> new IllegalArgumentException("no connector instance '" + instanceId + "' runs on this host"));
        if (!(connector instanceof OAuthConnector oauth)) {
            throw new IllegalStateException("instance " + instanceId + " (" + connector.descriptor().typeId()
                    + ") does not use OAuth: its connector authenticates with its own secrets (bin/tributary secret set)");
        }
        OAuthSettings settings;
        try {
            settings = oauth.oauthSettings();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("instance " + instanceId + " cannot be authorized: " + e.getMessage());
        }
        if (settings.grant() != Grant.AUTHORIZATION_CODE) {
            throw new IllegalStateException("instance " + instanceId + " uses the " + settings.grant().name().toLowerCase(Locale.ROOT)
                    + " grant: no person approves it; it needs only its secret in the vault (bin/tributary secret set)");
        }
        CodeVerifier verifier = new CodeVerifier();
        StateTokens.Issued state = states.issue(instanceId, new Pending(instanceId, settings, verifier));
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(settings.clientId()))
                .endpointURI(settings.authorizationEndpoint())
                .redirectionURI(redirectUri)
                .state(new State(state.value()))
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (!settings.scopes().isEmpty()) {
            request.scope(new Scope(settings.scopes().toArray(String[]::new)));
        }
        settings.parameters().forEach(request::customParameter);
        LOG.info("Authorization of instance {} started at {} (valid until {})", instanceId, settings.authorizationEndpoint().getHost(),
                state.expires());
        return new Authorization(instanceId, request.build().toURI(), redirectUri, state.expires());
    }

    /**
     * The provider's answer ({@code code} and {@code state}, or {@code error}): checks the state,
     * exchanges the code with the PKCE verifier, stores the tokens in one vault entry and resumes the
     * instance. What the page says never holds the code, the state or a token.
     */
    Page callback(Map<String, String> query) {
        String stateValue = query.get("state");
        if (stateValue == null) {
            return new Page(400, "Not an authorization answer", "This address receives the answers of OAuth providers. To connect an "
                    + "instance, run 'bin/tributary authorize <instance>' and open the URL it prints.");
        }
        Pending pending;
        try {
            pending = states.consume(stateValue);
        } catch (StateTokens.InvalidState e) {
            LOG.warn("OAuth answer refused: {}", e.getMessage());
            String again = e.instanceId() == null ? "<instance>" : e.instanceId();
            return new Page(400, "Authorization failed", capitalized(e.getMessage()) + ". Nothing was changed. Run 'bin/tributary authorize "
                    + again + "' to start again.");
        }
        String id = pending.instanceId();
        String error = query.get("error");
        if (error != null) {
            String said = error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "an error";
            LOG.warn("Authorization of instance {} not given: the provider answered {}", id, said);
            return new Page(400, "Instance " + id + " was not connected", "The provider answered " + said
                    + TokenClient.describe(query.get("error_description")) + ". Run 'bin/tributary authorize " + id + "' to try again.");
        }
        String code = query.get("code");
        if (code == null || code.isBlank()) {
            return new Page(400, "Instance " + id + " was not connected", "The provider's answer holds no authorization code. Run "
                    + "'bin/tributary authorize " + id + "' to try again.");
        }
        StoredTokens tokens;
        try {
            tokens = client.exchange(id, pending.settings(), code, pending.verifier(), redirectUri);
        } catch (TokenException e) {
            LOG.warn("Authorization of instance {} failed: {}", id, e.getMessage());
            return new Page(502, "Instance " + id + " was not connected", capitalized(e.getMessage()) + ". Run 'bin/tributary authorize "
                    + id + "' to try again.");
        }
        char[] json = tokens.toJson();
        try {
            vault.put(id, StoredTokens.VAULT_NAME, json);
        } finally {
            Arrays.fill(json, '\0');
        }
        InstanceCredentials existing = credentials.get(id);
        if (existing != null) {
            existing.connected(tokens);
        }
        SyncService engine = sync;
        boolean resumed = engine != null && engine.authorized(id);
        LOG.info("Instance {} connected: its tokens are in the vault{}", id, resumed ? "; its syncs resume" : "");
        return new Page(200, "Instance " + id + " is connected", "Tributary stored its tokens, encrypted in its vault"
                + (resumed ? ", and resumes its syncs now" : "") + ". You can close this window.");
    }

    /** Pauses an instance whose authorization is gone until a person gives it again. */
    private void pause(String instanceId, String message) {
        SyncService engine = sync;
        if (engine == null || !engine.needsAuthorization(instanceId, message)) {
            LOG.warn("Instance {} needs authorization, but the sync engine {}", instanceId, engine == null ? "is not running"
                    : "does not know it");
        }
    }

    private synchronized byte[] stateKey() {
        Optional<char[]> stored = vault.get(Vault.HOST, STATE_KEY);
        if (stored.isPresent()) {
            char[] text = stored.get();
            try {
                return Base64.getDecoder().decode(new String(text));
            } finally {
                Arrays.fill(text, '\0');
            }
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        vault.put(Vault.HOST, STATE_KEY, Base64.getEncoder().encodeToString(key).toCharArray());
        LOG.info("Created the key that signs OAuth authorization state (kept in the vault)");
        return key;
    }

    /** For tests: authorizations waiting for their answer. */
    int pendingAuthorizations() {
        return states.pending();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
