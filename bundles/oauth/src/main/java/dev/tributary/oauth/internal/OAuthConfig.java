package dev.tributary.oauth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The OAuth service's settings ({@code etc/dev.tributary.oauth.cfg}); none is needed on a host reached at its own address. */
@ObjectClassDefinition(name = "Tributary OAuth",
        description = "How connector instances get OAuth tokens: where providers send the browser back, and when tokens are renewed.")
public @interface OAuthConfig {

    String PID = "dev.tributary.oauth";

    @AttributeDefinition(name = "Public URL", required = false,
            description = "The host's URL as a browser reaches it (e.g. https://tributary.example.com behind a reverse proxy). "
                    + "The redirect URI to register with each OAuth app is <public URL>/oauth/callback. Empty: the host's own "
                    + "address (http.host and http.port of etc/tributary.properties).")
    String publicUrl() default "";

    @AttributeDefinition(name = "Renew ahead (seconds)", min = "0",
            description = "An access token is renewed this long before it expires (at most half its lifetime before).")
    long refreshAheadSeconds() default 60;

    @AttributeDefinition(name = "Token request timeout (seconds)", min = "1",
            description = "The longest wait for a provider's token endpoint, to connect and then to answer.")
    long timeoutSeconds() default 30;
}
