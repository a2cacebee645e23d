package dev.tributary.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.testkit.LogCapture;
import dev.tributary.testkit.MemoryWebhookInbox;
import dev.tributary.testkit.ServletServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /hooks/<instance>} over real HTTP, in the Jetty that Felix HTTP runs, against the real sync engine. */
class HookServletTest {

    static final int LIMIT = 64 * 1024;
    final SignedSource host = new SignedSource();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ServletServer server;

    @BeforeEach
    void start() throws Exception {
        host.receiver("gh");
        host.plain("files");
        serve(host.inbox);
    }

    private void serve(WebhookInbox inbox) throws Exception {
        if (server != null) {
            server.close();
        }
        server = ServletServer.start("/hooks/*", new HookServlet(LIMIT, host.engine, inbox, null));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpRequest.Builder post(String instance, String deliveryId, String body, String signature) {
        return HttpRequest.newBuilder(server.uri("/hooks/" + instance)).timeout(Duration.ofSeconds(10))
                .header("X-Delivery", deliveryId).header("X-Event", "issues.edited").header("X-Signature", signature)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignedDeliveryIsStoredThenAcknowledgedWith202AndItsInboxId() throws Exception {
        String body = "issue-1:the body";
        HttpResponse<String> r = send(post("gh", "d-1", body, SignedSource.sign(body)).header("Authorization", "Bearer keep-me-out"));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        WebhookInbox.Entry stored = host.inbox.entries().get(0);
        assertThat(r.body()).isEqualTo("{\"id\":" + stored.id() + ",\"instance\":\"gh\",\"deliveryId\":\"d-1\",\"event\":\"issues.edited\","
                + "\"status\":\"accepted\"}");
        assertThat(stored).extracting(WebhookInbox.Entry::instanceId, WebhookInbox.Entry::deliveryId, WebhookInbox.Entry::status)
                .containsExactly("gh", "d-1", WebhookInbox.PENDING);
        WebhookDelivery delivery = host.inbox.delivery(stored.id()).orElseThrow();
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(delivery.headers()).as("lower-case names; credentials are not stored").containsKeys("x-delivery", "x-signature")
                .doesNotContainKey("authorization");
        assertThat(host.attempted).as("nothing is processed on the HTTP thread").isEmpty();
    }

    @Test
    void theAnswerWaitsForTheStoreAndAFailedStoreIsNotAcknowledged() throws Exception {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MemoryWebhookInbox slow = new MemoryWebhookInbox() {
            @Override
            public Added add(String instanceId, WebhookReceiver.Accepted accepted, WebhookDelivery delivery) {
                storing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (accepted.deliveryId().equals("d-fail")) {
                    throw new IllegalStateException("store: disk full");
                }
                return super.add(instanceId, accepted, delivery);
            }
        };
        serve(slow);
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(post("gh", "d-1", "a:b", SignedSource.sign("a:b")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(storing.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(answer).as("no answer while the delivery is being stored").isNotDone();
        release.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        assertThat(slow.entries()).hasSize(1);

        HttpResponse<String> failed = send(post("gh", "d-fail", "a:b", SignedSource.sign("a:b")));
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).isPresent();
        assertThat(slow.entries()).hasSize(1);
    }

    @Test
    void aRedeliveryWithAKnownIdIsAcknowledgedWith200AndNotStoredAgain() throws Exception {
        String body = "issue-1:v1";
        assertThat(send(post("gh", "d-7", body, SignedSource.sign(body))).statusCode()).isEqualTo(202);
        HttpResponse<String> again = send(post("gh", "d-7", body, SignedSource.sign(body)));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"").contains("\"id\":" + host.inbox.entries().get(0).id());
        assertThat(host.inbox.entries()).hasSize(1);
    }

    @Test
    void aBadSignatureIs401WithOneWarningThatNamesTheInstanceAndReasonButNotTheBody() throws Exception {
        String marker = "BODY-MARKER-" + System.nanoTime();
        HttpResponse<String> r;
        try (LogCapture log = new LogCapture()) {
            r = send(post("gh", "d-1", marker + ":x", SignedSource.sign("something else")));

            assertThat(log.lines("WARN")).singleElement().asString().contains("gh").contains("the signature does not match the body")
                    .doesNotContain(marker).doesNotContain(SignedSource.SECRET).doesNotContain("sha256=");
            assertThat(log.lines("ERROR")).isEmpty();
        }
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=utf-8");
        assertThat(r.body()).contains("the signature does not match the body").doesNotContain(marker);
        assertThat(host.inbox.entries()).isEmpty();
        assertThat(host.attempted).isEmpty();
    }

    @Test
    void aGenuineButUnusableDeliveryIs400WithOneWarningAndIsNotStored() throws Exception {
        HttpResponse<String> r;
        try (LogCapture log = new LogCapture()) {
            r = send(post("gh", "d-1", "malformed:x", SignedSource.sign("malformed:x")));

            assertThat(log.lines("WARN")).singleElement().asString().contains("gh").contains("the body is not what the source sends");
        }
        assertThat(r.statusCode()).as("sending it again will not help: not 401 (the signature is right), not 5xx").isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=utf-8");
        assertThat(r.body()).contains("\"title\":\"Bad Request\"").contains("the body is not what the source sends");
        assertThat(host.inbox.entries()).isEmpty();
    }

    @Test
    void anIdTooLongToKeepIs400AndALongEventIsCut() throws Exception {
        String longId = "d".repeat(HookServlet.MAX_ID + 1);
        HttpResponse<String> refused = send(post("gh", longId, "a:b", SignedSource.sign("a:b")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("longer than " + HookServlet.MAX_ID + " characters").doesNotContain(longId);

        HttpResponse<String> cut = send(post("gh", "d-2", "a:b", SignedSource.sign("a:b")).setHeader("X-Event", "e".repeat(2000)));
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(202);
        assertThat(host.inbox.entries()).singleElement().satisfies(e -> assertThat(e.event()).hasSize(HookServlet.MAX_EVENT).endsWith("…"));
    }

    @Test
    void aBodyOverTheLimitIs413WithoutReadingOn() throws Exception {
        // the length says too much: the answer comes although not one byte of the body was sent
        assertThat(rawPost("Content-Length: " + (10 * LIMIT), new byte[0])).startsWith("HTTP/1.1 413 ").contains("at most " + LIMIT + " bytes");

        // no length (chunked): reading stops one byte past the limit; the rest is never sent
        byte[] chunk = new byte[LIMIT + 1];
        Arrays.fill(chunk, (byte) 'x');
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] partial = new byte[head.length + chunk.length + 2];
        System.arraycopy(head, 0, partial, 0, head.length);
        System.arraycopy(chunk, 0, partial, head.length, chunk.length);
        partial[partial.length - 2] = '\r';
        partial[partial.length - 1] = '\n';
        assertThat(rawPost("Transfer-Encoding: chunked", partial)).startsWith("HTTP/1.1 413 ");

        assertThat(host.verified).as("never handed to the connector").isEmpty();
        assertThat(host.inbox.entries()).isEmpty();
        String atLimit = "a:" + "y".repeat(LIMIT - 2);
        assertThat(send(post("gh", "d-fits", atLimit, SignedSource.sign(atLimit))).statusCode()).isEqualTo(202);
    }

    @Test
    void aClientStillSendingATooLargeBodyGets413RatherThanAReset() throws Exception {
        byte[] big = new byte[4 * LIMIT];
        Arrays.fill(big, (byte) ' ');
        for (int i = 0; i < 10; i++) {
            HttpRequest.Builder sized = HttpRequest.newBuilder(server.uri("/hooks/gh")).timeout(Duration.ofSeconds(10)).header("X-Delivery", "d-" + i)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big));
            assertThat(send(sized).statusCode()).as("attempt %s, with a length", i).isEqualTo(413);
            HttpRequest.Builder chunked = HttpRequest.newBuilder(server.uri("/hooks/gh")).timeout(Duration.ofSeconds(10)).header("X-Delivery", "c-" + i)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));
            assertThat(send(chunked).statusCode()).as("attempt %s, chunked", i).isEqualTo(413);
        }
        assertThat(host.inbox.entries()).isEmpty();
    }

    /** A POST to /hooks/gh over a plain socket, with {@code header} and only {@code bodySent} of its body; the answer as text. */
    private String rawPost(String header, byte[] bodySent) throws Exception {
        URI uri = server.base();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hooks/gh HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nX-Delivery: d-big\r\nX-Signature: sha256=00\r\n"
                    + header + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bodySent);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).endsWith("}")) {
                        break; // the whole JSON answer
                    }
                }
            } catch (SocketException closed) {
                // the server may close the connection once it has answered
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anUnknownInstanceOrOneWithoutWebhookSupportIs404WithAClearMessage() throws Exception {
        HttpResponse<String> unknown = send(post("nope", "d-1", "a:b", SignedSource.sign("a:b")));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no connector instance 'nope' runs on this host");

        HttpResponse<String> plain = send(post("files", "d-1", "a:b", SignedSource.sign("a:b")));
        assertThat(plain.statusCode()).isEqualTo(404);
        assertThat(plain.body()).contains("instance 'files' does not receive webhooks");

        assertThat(send(post("gh/extra", "d-1", "a:b", SignedSource.sign("a:b"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(server.uri("/hooks/gh"))).statusCode()).as("GET").isEqualTo(405);
        assertThat(host.inbox.entries()).isEmpty();
    }
}
