package dev.tributary.launcher;

import java.util.HashMap;
import java.util.Map;

/**
 * The HTTPS keystore's passwords, from the environment, as the framework properties Felix HTTP
 * Jetty falls back to when a Jetty's configuration has none. So they stay in memory: written into
 * {@code etc/org.apache.felix.http~tls.cfg} instead, a password is also copied in clear into
 * {@code data/config/} (Configuration Admin keeps every configuration it is given) and every backup.
 */
final class HttpsPasswords {

    /** The keystore's password. */
    static final String KEYSTORE_VARIABLE = "TRIBUTARY_HTTPS_KEYSTORE_PASSWORD";
    /** The key's password inside the keystore, if it differs (for PKCS#12 it is the same). */
    static final String KEY_VARIABLE = "TRIBUTARY_HTTPS_KEY_PASSWORD";
    static final String KEYSTORE_PROPERTY = "org.apache.felix.https.keystore.password";
    static final String KEY_PROPERTY = "org.apache.felix.https.keystore.key.password";

    private HttpsPasswords() {}

    /** The framework properties to set; none when the environment names no password. */
    static Map<String, String> frameworkProperties(Map<String, String> env) {
        Map<String, String> p = new HashMap<>();
        String keystore = env.get(KEYSTORE_VARIABLE);
        String key = env.get(KEY_VARIABLE);
        if (keystore != null && !keystore.isEmpty()) {
            p.put(KEYSTORE_PROPERTY, keystore);
            p.put(KEY_PROPERTY, keystore);
        }
        if (key != null && !key.isEmpty()) {
            p.put(KEY_PROPERTY, key);
        }
        return p;
    }
}
