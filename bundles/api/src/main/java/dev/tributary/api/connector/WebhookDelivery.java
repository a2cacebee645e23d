package dev.tributary.api.connector;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A change notification as the source sent it: header names in lower case, the raw body (signatures
 * are computed over these exact bytes).
 */
public record WebhookDelivery(Map<String, List<String>> headers, byte[] body, Instant received) {

    public WebhookDelivery {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = Map.copyOf(copy);
        body = body.clone();
    }

    /** The first value of a header (any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "delivery of " + body.length + " bytes received " + received;
    }
}
