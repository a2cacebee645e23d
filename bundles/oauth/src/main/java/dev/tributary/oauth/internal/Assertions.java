package dev.tributary.oauth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.oauth.OAuthSettings.JwtAssertion;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/** The signed JWT of a JWT bearer grant (RFC 7523 §2.1), from a private key kept in the vault. */
final class Assertions {

    private static final String PKCS8 = "-----BEGIN PRIVATE KEY-----";

    private Assertions() {}

    /**
     * @param key the key as stored: PEM PKCS#8 (RSA → RS256, EC → ES256/384/512 by its curve) or a private JWK
     * @throws IllegalArgumentException when the key cannot sign (the message says how to fix it, never quoting the key)
     */
    static SignedJWT sign(OAuthSettings settings, char[] key, Instant now) {
        JwtAssertion a = settings.assertion();
        String issuer = a.issuer() != null ? a.issuer() : settings.clientId();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(a.subject() != null ? a.subject() : issuer)
                .audience(a.audience() != null ? a.audience() : settings.tokenEndpoint().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(a.lifetime())))
                .jwtID(UUID.randomUUID().toString())
                .build();
        Signer signer = signer(key, a.privateKey());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(signer.algorithm).type(JOSEObjectType.JWT).keyID(a.keyId()).build(), claims);
        try {
            jwt.sign(signer.signer);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the key '" + a.privateKey() + "' cannot sign the assertion: " + e.getMessage());
        }
        return jwt;
    }

    private record Signer(JWSSigner signer, JWSAlgorithm algorithm) {}

    private static Signer signer(char[] key, String name) {
        String text = new String(key).trim();
        Signer signer;
        try {
            signer = text.startsWith("{") ? jwk(JWK.parse(text)) : text.startsWith(PKCS8) ? pem(text) : null;
        } catch (ParseException | JOSEException | GeneralSecurityException | RuntimeException e) {
            // never the exception's message: it could quote the key
            throw new IllegalArgumentException("the private key '" + name + "' in the vault cannot be read (" + e.getClass().getSimpleName()
                    + "): store a PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----) or a private JWK, RSA or EC");
        }
        if (signer == null) {
            throw new IllegalArgumentException("the private key '" + name + "' in the vault is neither a PEM PKCS#8 key (-----BEGIN PRIVATE "
                    + "KEY-----) nor a private RSA or EC JWK; convert a PKCS#1 key with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        return signer;
    }

    /** A signer for a private RSA or EC JWK, else null. */
    private static Signer jwk(JWK jwk) throws JOSEException {
        if (jwk instanceof RSAKey rsa && rsa.isPrivate()) {
            return new Signer(new RSASSASigner(rsa), JWSAlgorithm.RS256);
        }
        if (jwk instanceof ECKey ec && ec.isPrivate()) {
            return new Signer(new ECDSASigner(ec), ecAlgorithm(ec.getCurve()));
        }
        return null;
    }

    private static Signer pem(String text) throws GeneralSecurityException, JOSEException {
        String body = text.substring(PKCS8.length(), text.indexOf("-----END")).replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        try {
            PrivateKey k = pkcs8(der);
            if (k instanceof RSAPrivateKey rsa) {
                return new Signer(new RSASSASigner(rsa), JWSAlgorithm.RS256);
            }
            ECPrivateKey ec = (ECPrivateKey) k;
            return new Signer(new ECDSASigner(ec), ecAlgorithm(Curve.forECParameterSpec(ec.getParams())));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) throws JOSEException {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        throw new JOSEException("EC curve " + curve + " is not supported (use P-256, P-384 or P-521)");
    }
}
