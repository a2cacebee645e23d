package dev.tributary.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 GETs one after the other on one kept-alive connection, on the calling thread: what a
 * latency measurement needs and no more. The JDK's HttpClient hands each exchange between its
 * threads, which on a machine of 2 cores adds a few tenths of a millisecond per request and
 * milliseconds in the tail that are not the server's.
 */
final class KeepAliveClient implements AutoCloseable {

    record Response(int status, byte[] body) {}

    private final String host;
    private final String authorization;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    KeepAliveClient(String host, int port, String bearerToken) throws IOException {
        this.host = host + ":" + port;
        this.authorization = bearerToken == null ? "" : "Authorization: Bearer " + bearerToken + "\r\n";
        this.socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
        this.out = socket.getOutputStream();
    }

    /** GET {@code path} (already URL-encoded); the whole body is read. */
    Response get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + authorization + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: " + statusLine);
        }
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring("content-length:".length()).trim());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(length, 1024));
        if (chunked) {
            for (int n = chunkSize(); n > 0; n = chunkSize()) {
                body.write(exactly(n));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            body.write(exactly(length));
        } else {
            throw new IOException("a response without length on a kept-alive connection: " + statusLine);
        }
        if (close) {
            throw new IOException("the server closed the connection after " + path + " (" + statusLine + ")");
        }
        return new Response(Integer.parseInt(parts[1]), body.toByteArray());
    }

    private int chunkSize() throws IOException {
        String size = line();
        int semicolon = size.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    private byte[] exactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("the connection ended inside a response");
        }
        return b;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection ended inside a response");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
