/**
 * OAuth 2.0 for connectors: {@link dev.tributary.api.oauth.OAuthService} turns an instance's
 * {@link dev.tributary.api.oauth.OAuthSettings} into {@link dev.tributary.api.http.Credentials}
 * that keep themselves valid (authorization code with PKCE, client credentials, JWT bearer), with
 * the tokens kept in the vault. Static API keys and personal access tokens need none of this: they
 * are {@link dev.tributary.api.http.Credentials#token(String, char[])} or
 * {@link dev.tributary.api.http.Credentials#header(String, String)}.
 */
@Version("1.0.0")
@Export
package dev.tributary.api.oauth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
