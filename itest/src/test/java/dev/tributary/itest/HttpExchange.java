package dev.tributary.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * One HTTP/1.1 request as {@link RecordingProxy} relayed it and the server's response to it (null
 * while none has come), parsed from the connection's raw bytes: bodies framed by Content-Length,
 * chunked (de-chunked here) or the end of the connection, several exchanges per kept-alive connection.
 */
record HttpExchange(int connection, Message request, Message response) {

    /**
     * A request or response. {@code complete} is false for one cut off (still streaming, or the
     * connection ended early): its body is what had arrived.
     */
    record Message(String startLine, List<Map.Entry<String, String>> headers, byte[] body, boolean complete) {

        /** The first value of a header, or null. */
        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }

        /** A response's status code. */
        int status() {
            String[] parts = startLine.split(" ", 3);
            return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
        }

        /** A request's method and target, as in its first line. */
        String methodAndTarget() {
            int version = startLine.lastIndexOf(" HTTP/");
            return version < 0 ? startLine : startLine.substring(0, version);
        }

        /** The body as text, unpacked if the server compressed it. */
        String bodyText() {
            String encoding = header("Content-Encoding");
            if (encoding == null || encoding.equalsIgnoreCase("identity")) {
                return new String(body, StandardCharsets.UTF_8);
            }
            try (InputStream in = switch (encoding.toLowerCase(Locale.ROOT)) {
                case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
                case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
                default -> throw new IllegalStateException("cannot read a body with Content-Encoding " + encoding + " (" + startLine
                        + "): teach HttpExchange.Message.bodyText to unpack it");
            }) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    in.transferTo(out);
                } catch (IOException cutOff) {
                    // a body cut off: what could be unpacked is still read
                }
                return out.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot unpack the " + encoding + " body of " + startLine, e);
            }
        }
    }

    /** "GET /path (connection 3) → HTTP/1.1 200 OK": names the exchange without its headers or body. */
    String describe() {
        return (request == null ? "(no request)" : request.methodAndTarget()) + " (connection " + connection + ") → "
                + (response == null ? "no response" : response.startLine());
    }

    /**
     * Pairs the responses with the requests in order (HTTP/1.1 answers in order); an interim 1xx
     * answer pairs without using up its request.
     */
    static List<HttpExchange> parse(int connection, byte[] sent, byte[] answered) {
        List<Message> requests = new ArrayList<>();
        for (Reader in = new Reader(sent); in.more(); ) {
            requests.add(in.next(false, false));
        }
        List<HttpExchange> exchanges = new ArrayList<>();
        int i = 0;
        for (Reader in = new Reader(answered); in.more(); ) {
            Message request = i < requests.size() ? requests.get(i) : null;
            Message response = in.next(true, request != null && request.startLine().startsWith("HEAD "));
            exchanges.add(new HttpExchange(connection, request, response));
            int status = response.status();
            if (status == 101) {
                break; // another protocol follows: the rest is not HTTP/1.1
            }
            if (status < 100 || status >= 200) {
                i++;
            }
        }
        for (; i < requests.size(); i++) {
            exchanges.add(new HttpExchange(connection, requests.get(i), null));
        }
        return exchanges;
    }

    /** Reads messages one after another from one direction's bytes. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return pos < data.length;
        }

        Message next(boolean response, boolean answersHead) {
            int headEnd = indexOf("\r\n\r\n", pos);
            if (headEnd < 0) {
                return rest(line(pos), List.of());
            }
            String[] lines = new String(data, pos, headEnd - pos, StandardCharsets.ISO_8859_1).split("\r\n");
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
                }
            }
            pos = headEnd + 4;
            Message head = new Message(lines[0], headers, new byte[0], true);
            int status = response ? head.status() : 0;
            String transfer = head.header("Transfer-Encoding");
            String length = head.header("Content-Length");
            if (answersHead || status >= 100 && status < 200 || status == 204 || status == 304) {
                return head;
            } else if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
                return dechunk(lines[0], headers);
            } else if (length != null) {
                int n = Integer.parseInt(length.trim());
                int take = Math.min(n, data.length - pos);
                byte[] body = java.util.Arrays.copyOfRange(data, pos, pos + take);
                pos += take;
                return new Message(lines[0], headers, body, take == n);
            } else if (response) {
                return rest(lines[0], headers); // ends with the connection
            }
            return head;
        }

        /** The chunked body joined; cut off (or malformed) chunks leave the rest of the bytes as the body's end. */
        private Message dechunk(String startLine, List<Map.Entry<String, String>> headers) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int eol = indexOf("\r\n", pos);
                int size;
                try {
                    size = eol < 0 ? -1 : Integer.parseInt(line(pos).split(";", 2)[0].trim(), 16);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < 0) {
                    body.write(data, pos, data.length - pos);
                    pos = data.length;
                    return new Message(startLine, headers, body.toByteArray(), false);
                }
                pos = eol + 2;
                if (size == 0) {
                    // trailer fields, then an empty line
                    for (int end; (end = indexOf("\r\n", pos)) >= 0; ) {
                        boolean empty = end == pos;
                        pos = end + 2;
                        if (empty) {
                            return new Message(startLine, headers, body.toByteArray(), true);
                        }
                    }
                    pos = data.length;
                    return new Message(startLine, headers, body.toByteArray(), false);
                }
                int take = Math.min(size, data.length - pos);
                body.write(data, pos, take);
                pos = Math.min(data.length, pos + take + 2);
                if (take < size) {
                    return new Message(startLine, headers, body.toByteArray(), false);
                }
            }
        }

        /** Everything left, as the body of a message that ends with the connection (or was cut off). */
        private Message rest(String startLine, List<Map.Entry<String, String>> headers) {
            byte[] body = java.util.Arrays.copyOfRange(data, pos, data.length);
            boolean headless = headers.isEmpty();
            pos = data.length;
            return new Message(startLine, headers, body, !headless);
        }

        private String line(int from) {
            int eol = indexOf("\r\n", from);
            return new String(data, from, (eol < 0 ? data.length : eol) - from, StandardCharsets.ISO_8859_1);
        }

        private int indexOf(String ascii, int from) {
            byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
            outer:
            for (int i = from; i <= data.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
