package dev.tributary.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Passes a token request a test server received on to the real token endpoint, with the headers that matter. */
final class TokenRelay {

    private TokenRelay() {}

    static HttpResponse<byte[]> forward(HttpClient http, URI tokenEndpoint, com.sun.net.httpserver.HttpExchange exchange, byte[] body)
            throws IOException {
        HttpRequest.Builder forward = HttpRequest.newBuilder(tokenEndpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : new String[] {"Content-Type", "Authorization", "Accept"}) {
            Optional.ofNullable(exchange.getRequestHeaders().getFirst(header)).ifPresent(value -> forward.header(header, value));
        }
        try {
            return http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the token server", e);
        }
    }
}
