package dev.tributary.host.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.api.health.HealthCheckResult;
import java.io.IOException;
import java.io.OutputStream;

/**
 * JSON out of the host with Jackson's streaming generator: no object mapper to build at start-up,
 * which keeps the first {@code /health} answer fast.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    static JsonGenerator generator(OutputStream out, boolean pretty) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        return pretty ? g.useDefaultPrettyPrinter() : g;
    }

    /** {@code {"status": ..., "checks": [{"name", "status", "message"}...]}} */
    static void writeHealth(JsonGenerator g, HealthReport report) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", report.status().name());
        g.writeArrayFieldStart("checks");
        for (HealthCheckResult r : report.checks()) {
            g.writeStartObject();
            g.writeStringField("name", r.name());
            g.writeStringField("status", r.status().name());
            g.writeStringField("message", r.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
