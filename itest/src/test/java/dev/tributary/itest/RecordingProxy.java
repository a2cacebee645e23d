package dev.tributary.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on 127.0.0.1 in front of a host's HTTP port that copies bytes both ways unchanged (so
 * Host and Origin stay as the browser sent them, and streamed answers flow as they come) and keeps
 * a copy of each connection's traffic. {@link #exchanges()} parses that copy into requests and the
 * responses the server gave them: every answer the suite received, to be searched for what must
 * never be in one.
 */
final class RecordingProxy implements AutoCloseable {

    /** One TCP connection's bytes, each direction as it went. */
    private static final class Connection {
        final int number;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final ByteArrayOutputStream answered = new ByteArrayOutputStream();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Connection(int number) {
            this.number = number;
        }
    }

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    RecordingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code path} on this proxy, as http://127.0.0.1:port/…. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Every request relayed so far with the server's response (or what has arrived of it), connection by connection. */
    List<HttpExchange> exchanges() {
        List<HttpExchange> all = new ArrayList<>();
        for (Connection c : connections) {
            byte[] sent;
            byte[] answered;
            synchronized (c) {
                sent = c.sent.toByteArray();
                answered = c.answered.toByteArray();
            }
            all.addAll(HttpExchange.parse(c.number, sent, answered));
        }
        return all;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Connection c = new Connection(connections.size() + 1);
                connections.add(c);
                c.sockets.add(client);
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                c.sockets.add(upstream);
                threads.execute(() -> pump(c, client, upstream, c.sent));
                threads.execute(() -> pump(c, upstream, client, c.answered));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("RecordingProxy: a connection failed: " + e);
                }
            }
        }
    }

    /**
     * Copies until end of stream, flushing each read at once (streamed answers must not wait); then
     * passes the end on (half-close), and closes both sockets once both directions have ended.
     */
    private static void pump(Connection c, Socket from, Socket to, ByteArrayOutputStream record) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (c) {
                    record.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            from.shutdownInput();
            to.shutdownOutput();
            if (from.isOutputShutdown()) {
                closeQuietly(from);
                closeQuietly(to);
            }
        } catch (IOException e) {
            // one side went away: the connection is over for both
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection c : connections) {
            c.sockets.forEach(RecordingProxy::closeQuietly);
        }
        threads.shutdownNow();
    }
}
