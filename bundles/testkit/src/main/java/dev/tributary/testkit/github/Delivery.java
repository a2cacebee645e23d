package dev.tributary.testkit.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook delivery as GitHub would POST it: the raw body bytes (what the signature covers) and the
 * headers (https://docs.github.com/webhooks/webhook-events-and-payloads#delivery-headers).
 *
 * @param event   the {@code X-GitHub-Event} value, e.g. "issues"
 * @param guid    the {@code X-GitHub-Delivery} GUID
 * @param headers header name (as GitHub spells it) → value, in the order GitHub sends them
 * @param body    the JSON body, byte for byte
 */
public record Delivery(String event, String guid, Map<String, String> headers, byte[] body) {

    public Delivery {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A header by case-insensitive name. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    /** POSTs the delivery to a webhook endpoint, as GitHub would; answers the status code. */
    public int postTo(URI endpoint) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpClient client = HttpClient.newHttpClient();
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public String toString() {
        return "Delivery[" + event + " " + guid + ", " + body.length + " bytes]";
    }
}
