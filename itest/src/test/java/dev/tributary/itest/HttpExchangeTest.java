package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The recording's parser on the framings a server may use: it must not miss a body, or the secret scan would pass on nothing. */
class HttpExchangeTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void keptAliveConnectionPairsEachResponseWithItsRequestWhateverTheFraming() {
        byte[] sent = bytes("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "HEAD /c HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /d HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /e HTTP/1.1\r\nHost: h\r\n\r\n");
        byte[] answered = bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
                + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\ntwo \r\n5\r\nparts\r\n0\r\nTrailer: t\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n"
                + "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");

        List<HttpExchange> e = HttpExchange.parse(7, sent, answered);

        assertThat(e).extracting(HttpExchange::describe).containsExactly(
                "GET /a (connection 7) → HTTP/1.1 200 OK", "POST /b (connection 7) → HTTP/1.1 201 Created",
                "HEAD /c (connection 7) → HTTP/1.1 200 OK", "GET /d (connection 7) → HTTP/1.1 304 Not Modified",
                "GET /e (connection 7) → HTTP/1.0 200 OK");
        assertThat(e).extracting(x -> x.response().bodyText()).containsExactly("one", "two parts", "", "", "until the end");
        assertThat(e.get(1).request().bodyText()).isEqualTo("hello");
        assertThat(e.get(1).response().header("transfer-encoding")).isEqualTo("chunked");
        assertThat(e).allSatisfy(x -> assertThat(x.response().complete()).isTrue());
    }

    @Test
    void aStreamStillOpenOrCutOffKeepsWhatArrivedAndARequestWithoutAnswerShows() {
        byte[] sent = bytes("GET /events HTTP/1.1\r\n\r\nGET /never HTTP/1.1\r\n\r\n");
        byte[] answered = bytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "d\r\ndata: first\n\n\r\na\r\ndata: se");

        List<HttpExchange> e = HttpExchange.parse(1, sent, answered);

        assertThat(e).hasSize(2);
        assertThat(e.get(0).response().complete()).isFalse();
        assertThat(e.get(0).response().bodyText()).isEqualTo("data: first\n\ndata: se");
        assertThat(e.get(1).response()).isNull();
        assertThat(e.get(1).describe()).isEqualTo("GET /never (connection 1) → no response");
    }

    @Test
    void anInterimResponseDoesNotUseUpItsRequestAndGzipIsUnpacked() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(bytes("packed text"));
        }
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        answered.write(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + zipped.size()
                + "\r\n\r\n"));
        answered.write(zipped.toByteArray());

        List<HttpExchange> e = HttpExchange.parse(2, bytes("PUT /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), answered.toByteArray());

        assertThat(e).extracting(x -> x.response().status()).containsExactly(100, 200);
        assertThat(e).extracting(x -> x.request().methodAndTarget()).containsExactly("PUT /x", "PUT /x");
        assertThat(e.get(1).response().bodyText()).isEqualTo("packed text");
    }
}
