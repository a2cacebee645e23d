package dev.tributary.api.oauth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@link dev.tributary.api.connector.Connector} whose instances authenticate with
 * OAuth, so the host can start the authorization code flow for an instance
 * ({@code bin/tributary authorize <instance>}) before it ever syncs.
 */
@ConsumerType
public interface OAuthConnector {

    /**
     * This instance's OAuth settings, usually from its configuration
     * ({@link OAuthSettings#fromConfiguration}).
     *
     * @throws IllegalArgumentException when its configuration lacks or garbles a setting (the message names it)
     */
    OAuthSettings oauthSettings();
}
