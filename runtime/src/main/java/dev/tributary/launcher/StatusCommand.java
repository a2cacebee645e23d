package dev.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * {@code status}: whether a host holds this data directory's lock, and what it last wrote to
 * {@code data/run/status.json} (the host keeps that file current).
 */
final class StatusCommand {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Settings settings;
    private final PrintStream out;

    StatusCommand(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    int status(boolean json) {
        ObjectNode s = snapshot();
        if (json) {
            try {
                out.println(JSON.writeValueAsString(s));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            printForPeople(s);
        }
        String state = s.path("state").asText();
        return switch (state) {
            case "stopped" -> Exit.NOT_RUNNING;
            case "running" -> "DOWN".equals(s.path("health").asText()) ? Exit.FAILURE : Exit.OK;
            default -> Exit.FAILURE;
        };
    }

    ObjectNode snapshot() {
        ObjectNode s = JSON.createObjectNode();
        OptionalLong pid;
        try {
            pid = HostLock.holder(settings.lockFile());
        } catch (IOException e) {
            pid = OptionalLong.empty();
        }
        JsonNode written = readStatusFile();
        boolean current = pid.isPresent() && written != null && written.path("pid").asLong() == pid.getAsLong();
        s.put("state", pid.isEmpty() ? "stopped" : current ? written.path("state").asText("starting") : "starting");
        if (pid.isPresent() && pid.getAsLong() > 0) {
            s.put("pid", pid.getAsLong());
        } else {
            s.putNull("pid");
        }
        s.put("version", current ? written.path("version").asText(Version.current()) : Version.current());
        long uptime = 0;
        if (pid.isPresent() && pid.getAsLong() > 0) {
            uptime = ProcessHandle.of(pid.getAsLong()).flatMap(p -> p.info().startInstant())
                    .map(t -> Duration.between(t, Instant.now()).toSeconds()).orElse(0L);
        }
        s.put("uptimeSeconds", uptime);
        s.put("httpUrl", settings.httpUrl());
        s.put("health", current ? written.path("health").path("status").asText("UNKNOWN") : "UNKNOWN");
        s.put("dataDir", settings.data().toString());
        s.set("bundles", current && written.has("bundles") ? written.get("bundles") : JSON.createArrayNode());
        s.set("failures", current && written.has("failures") ? written.get("failures") : JSON.createArrayNode());
        if (current) {
            s.set("checks", written.path("health").path("checks"));
        }
        return s;
    }

    private JsonNode readStatusFile() {
        try {
            return Files.isRegularFile(settings.statusFile()) ? JSON.readTree(settings.statusFile().toFile()) : null;
        } catch (IOException e) {
            return null; // being replaced right now, or unreadable: report what the lock says
        }
    }

    private void printForPeople(ObjectNode s) {
        String state = s.path("state").asText();
        if (state.equals("stopped")) {
            out.println("Tributary " + Version.current() + " is not running (data: " + settings.data() + ")");
            return;
        }
        out.printf("Tributary %s is %s (pid %s, up %s): %s%n", s.path("version").asText(), state,
                s.path("pid").asText(), human(s.path("uptimeSeconds").asLong()), s.path("httpUrl").asText());
        out.println("Health: " + s.path("health").asText());
        for (JsonNode c : s.path("checks")) {
            if (!"UP".equals(c.path("status").asText())) {
                out.println("  " + c.path("status").asText() + " " + c.path("name").asText() + ": " + c.path("message").asText());
            }
        }
        ArrayNode bundles = (ArrayNode) s.path("bundles");
        long active = 0;
        for (JsonNode b : bundles) {
            if ("ACTIVE".equals(b.path("state").asText())) {
                active++;
            }
        }
        out.println("Bundles: " + bundles.size() + " (" + active + " active)");
        for (JsonNode b : bundles) {
            if (b.path("location").asText().startsWith("deploy:")) {
                out.printf("  deployed %-40s %-16s %s%n", b.path("symbolicName").asText(), b.path("version").asText(), b.path("state").asText());
            }
        }
        if (!s.path("failures").isEmpty()) {
            out.println("Failed deploys:");
            for (JsonNode f : s.path("failures")) {
                out.println("  " + f.path("file").asText() + ": " + f.path("reason").asText());
            }
        }
    }

    private static String human(long seconds) {
        long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, sec = seconds % 60;
        return d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m " + sec + "s" : sec + "s";
    }
}
