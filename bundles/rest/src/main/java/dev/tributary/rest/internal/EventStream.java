package dev.tributary.rest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.sync.SyncService;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: server-sent events with the instances' state (progress of running syncs
 * included). One thread ticks every second for every open stream: an {@code instances} event when the
 * state changed since the stream's last one, a comment every 15 s so proxies keep the connection. A
 * stream ends when its browser session ends, its client goes away, or the host stops.
 */
final class EventStream implements AutoCloseable {

    static final int MAX_STREAMS = 64;
    private static final long KEEP_ALIVE_TICKS = 15;
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final Supplier<SyncService> sync;
    private final Sessions sessions;
    private final Supplier<ObjectMapper> json;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tributary-api-events");
        t.setDaemon(true);
        return t;
    });

    private static final class Client {
        final AsyncContext async;
        final Sessions.Session session;
        String last;
        long quietTicks;

        Client(AsyncContext async, Sessions.Session session) {
            this.async = async;
            this.session = session;
        }
    }

    EventStream(Supplier<SyncService> sync, Sessions sessions, Supplier<ObjectMapper> json) {
        this.sync = sync;
        this.sessions = sessions;
        this.json = json;
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Opens a stream on this request; its first event follows at once. */
    void open(HttpServletRequest req, HttpServletResponse resp, Sessions.Session session) throws IOException {
        if (clients.size() >= MAX_STREAMS) {
            resp.setStatus(503);
            resp.setContentType("application/problem+json");
            resp.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                    + "\"detail\":\"" + MAX_STREAMS + " event streams are open already; close a console tab or poll GET /api/v1/instances\"}");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        Client c = new Client(async, session);
        clients.add(c);
        // the first event at once, on the ticker's thread like every other write to the stream
        ticker.execute(() -> send(c, state()));
    }

    private void tick() {
        if (clients.isEmpty()) {
            return;
        }
        String state = state();
        for (Client c : clients) {
            send(c, state);
        }
    }

    private void send(Client c, String state) {
        if (c.session != null && !sessions.live(c.session)) {
            end(c, "event: signed-out\ndata: {}\n\n");
            return;
        }
        String frame;
        if (state != null && !state.equals(c.last)) {
            frame = "event: instances\ndata: " + state + "\n\n";
            c.last = state;
            c.quietTicks = 0;
        } else if (++c.quietTicks >= KEEP_ALIVE_TICKS) {
            frame = ": keep-alive\n\n";
            c.quietTicks = 0;
        } else {
            return;
        }
        try {
            var out = c.async.getResponse().getOutputStream();
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | IllegalStateException e) {
            // the client went away
            clients.remove(c);
            complete(c);
        }
    }

    /** The instances as GET /api/v1/instances answers them, on one line; null when the engine is not running. */
    private String state() {
        SyncService s = sync.get();
        if (s == null) {
            return null;
        }
        try {
            return json.get().writeValueAsString(Map.of("instances", s.instances()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read the instances' state for the event streams: {}", e.toString());
            return null;
        }
    }

    private void end(Client c, String lastFrame) {
        clients.remove(c);
        try {
            var out = c.async.getResponse().getOutputStream();
            out.write(lastFrame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | IllegalStateException e) {
            // gone already
        }
        complete(c);
    }

    private static void complete(Client c) {
        try {
            c.async.complete();
        } catch (IllegalStateException e) {
            // completed already
        }
    }

    int size() {
        return clients.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        clients.forEach(EventStream::complete);
        clients.clear();
    }
}
