package dev.tributary.sync.internal;

import dev.tributary.api.http.ClientSettings;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.schedule.Schedule;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/** An instance's HTTP client settings: the toolkit's defaults, overridden by {@code http.*} keys of its configuration. */
final class HttpSettings {

    private HttpSettings() {}

    static ClientSettings of(String instanceId, Map<String, Object> configuration, Credentials credentials, BooleanSupplier cancelled,
            Logger log) {
        ClientSettings d = ClientSettings.defaults(instanceId, credentials, log);
        return new ClientSettings(instanceId, credentials,
                duration(configuration, "http.connectTimeout", d.connectTimeout()),
                duration(configuration, "http.readTimeout", d.readTimeout()),
                (int) number(configuration, "http.maxRetries", d.maxRetries()),
                duration(configuration, "http.backoff", d.backoff()), duration(configuration, "http.maxBackoff", d.maxBackoff()),
                number(configuration, "http.requestsPerSecond", d.requestsPerSecond()),
                duration(configuration, "http.maxRateLimitWait", d.maxRateLimitWait()),
                cancelled, log);
    }

    private static Duration duration(Map<String, Object> c, String key, Duration fallback) {
        Object v = c.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        try {
            return Schedule.duration(v.toString().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("instance setting " + key + " = '" + v + "' is not a duration (e.g. 30s, 5m): " + e.getMessage());
        }
    }

    private static double number(Map<String, Object> c, String key, double fallback) {
        Object v = c.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        try {
            double n = Double.parseDouble(v.toString().trim());
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("instance setting " + key + " = '" + v + "' is not a number of 0 or more");
        }
    }
}
