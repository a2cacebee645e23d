package dev.tributary.itest.oauthprobe;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import dev.tributary.api.oauth.OAuthConnector;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * A stand-in OAuth connector: one instance per {@code dev.tributary.itest.oauthprobe~<name>.cfg},
 * whose settings come from its configuration ({@code oauth.*}) and whose sync reads {@code apiUrl}
 * with the instance's OAuth credentials and stores what it answered as one document.
 */
@Component(name = OAuthProbeConnector.PID, configurationPid = OAuthProbeConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Connector.class)
public final class OAuthProbeConnector implements Connector, OAuthConnector {

    public static final String PID = "dev.tributary.itest.oauthprobe";

    private final OAuthService oauth;
    private final Map<String, Object> configuration;

    @Activate
    public OAuthProbeConnector(@Reference OAuthService oauth, Map<String, Object> configuration) {
        this.oauth = oauth;
        this.configuration = Map.copyOf(configuration);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor("oauthprobe", "OAuth probe", "1.0.0", ConnectorDescriptor.AuthKind.OAUTH2, PID, Set.of());
    }

    @Override
    public OAuthSettings oauthSettings() {
        return OAuthSettings.fromConfiguration(configuration);
    }

    @Override
    public void sync(SyncContext ctx) throws Exception {
        String api = String.valueOf(configuration.get("apiUrl"));
        Response answer = ctx.http(oauth.credentials(ctx.instanceId(), oauthSettings())).send(Request.get(api));
        ctx.emit(Document.builder("item-1").title("OAuth item").text(answer.text()).url(api).principals(Set.of("everyone")).build());
        ctx.listed("item-1");
        ctx.listingComplete();
        ctx.commit("done");
    }
}
