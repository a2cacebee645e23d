package dev.tributary.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.api.connector.Document;
import dev.tributary.api.store.StoredDocument;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Document fields to and from table columns; metadata, principals (and webhook headers) as small JSON values. */
final class Rows {

    static final String COLUMNS = "instance_id, external_id, source_type, title, body, url, mime_type, author, created_at,"
            + " updated_at, source_version, container, metadata, principals, content_hash, seq";
    private static final JsonFactory JSON = new JsonFactory();

    private Rows() {}

    static StoredDocument read(ResultSet r) throws SQLException {
        Document d = new Document(r.getString("external_id"), r.getString("title"), r.getString("body"), r.getString("url"),
                r.getString("mime_type"), r.getString("author"), instant(r.getTimestamp("created_at")),
                instant(r.getTimestamp("updated_at")), r.getLong("source_version"), r.getString("container"),
                metadata(r.getString("metadata")), principals(r.getString("principals")));
        return new StoredDocument(r.getString("instance_id"), r.getString("source_type"), d, r.getString("content_hash"),
                r.getLong("seq"));
    }

    static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String json(Map<String, List<String>> metadata) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, List<String>> e : metadata.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String v : e.getValue()) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static String json(Set<String> principals) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (String p : principals.stream().sorted().toList()) {
                g.writeString(p);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static Map<String, List<String>> metadata(String json) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                List<String> values = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    values.add(p.getText());
                }
                m.put(key, values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("damaged metadata in the store: " + e.getMessage(), e);
        }
        return m;
    }

    static Set<String> principals(String json) {
        Set<String> s = new LinkedHashSet<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                s.add(p.getText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("damaged principals in the store: " + e.getMessage(), e);
        }
        return s;
    }
}
