package dev.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Calls the running host's {@code /api/v1} with the local admin token from {@code data/admin.token}. */
final class ApiClient {

    /** The API could not be reached or refused the call; the message is for the user. */
    static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        ApiException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ApiClient(Settings settings) {
        this.settings = settings;
    }

    JsonNode get(String path, Map<String, List<String>> params) throws ApiException {
        return call("GET", path + query(params));
    }

    JsonNode post(String path, Map<String, List<String>> params) throws ApiException {
        return call("POST", path + query(params));
    }

    /** A PUT of {@code body} as UTF-8 text (a secret: the caller clears its array afterwards). */
    JsonNode put(String path, char[] body) throws ApiException {
        java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(body));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        try {
            return call("PUT", path, HttpRequest.BodyPublishers.ofByteArray(raw));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
            java.util.Arrays.fill(bytes.array(), (byte) 0);
        }
    }

    JsonNode delete(String path) throws ApiException {
        return call("DELETE", path, HttpRequest.BodyPublishers.noBody());
    }

    private JsonNode call(String method, String pathAndQuery) throws ApiException {
        return call(method, pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    private JsonNode call(String method, String pathAndQuery, HttpRequest.BodyPublisher content) throws ApiException {
        String token = token();
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.httpUrl() + "api/v1/" + pathAndQuery))
                .timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + token)
                .method(method, content).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(Exit.NOT_RUNNING, "cannot reach Tributary at " + settings.httpUrl() + " (" + e.getMessage()
                    + "); is it running? (bin/tributary status)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Exit.FAILURE, "interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ApiException(Exit.FAILURE, "the host answered " + r.statusCode() + " with something that is not JSON");
        }
        if (r.statusCode() >= 400) {
            throw new ApiException(r.statusCode() == 400 || r.statusCode() == 404 ? Exit.CONFIG : Exit.FAILURE,
                    body.path("detail").asText(body.path("title").asText("HTTP " + r.statusCode())));
        }
        return body;
    }

    /** Whether the host answers at all (then a missing token means its API is still starting). */
    private boolean hostAnswers() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(settings.httpUrl() + "health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tokenOnceWritten() throws ApiException {
        java.nio.file.Path file = settings.data().resolve("admin.token");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                java.util.concurrent.TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new ApiException(Exit.FAILURE, "Tributary answers but wrote no admin token to " + file + " within 15 s: its REST API did not "
                + "start; log/tributary.log says why");
    }

    private String token() throws ApiException {
        try {
            return Files.readString(settings.data().resolve("admin.token"), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            if (hostAnswers()) {
                return tokenOnceWritten(); // just started: the REST bundle writes it when it starts, after /health answers
            }
            throw new ApiException(Exit.NOT_RUNNING, "no admin token in " + settings.data() + ": start Tributary first (bin/tributary start)");
        } catch (AccessDeniedException e) {
            throw new ApiException(Exit.CONFIG, "cannot read " + e.getFile() + ": run this as the user that runs Tributary");
        } catch (IOException e) {
            throw new ApiException(Exit.FAILURE, "cannot read the admin token: " + e.getMessage());
        }
    }

    private static String query(Map<String, List<String>> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, values) -> values.forEach(v -> q.append(q.length() == 0 ? '?' : '&')
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return q.toString();
    }
}
