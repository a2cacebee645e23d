package dev.tributary.itest;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The secrets a test used, each with the forms it may take on the way (URL-encoded, base64, in an
 * HTTP Basic header), and a search for them in text, bytes and folders. What it finds is reported by
 * the secret's name, its form and the place: never by the secret itself, so a failure prints none.
 */
final class SecretScan {

    /** One way a secret can be written: a name for reports, and its bytes (UTF-8) read as ISO-8859-1, to search raw bytes. */
    private record Form(String secret, String form, String latin1) {}

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<Form> forms = new ArrayList<>();

    /** Adds a secret with its usual forms: as is, URL-encoded, base64 and base64url. Blank or repeated values are ignored. */
    SecretScan add(String name, String value) {
        if (value == null || value.isBlank() || secrets.containsValue(value)) {
            return this;
        }
        secrets.put(name, value);
        form(name, "as is", value);
        form(name, "URL-encoded", URLEncoder.encode(value, StandardCharsets.UTF_8));
        form(name, "URL-encoded with %20", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        form(name, "base64", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        form(name, "base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Adds the secret as the password of an HTTP Basic header for {@code user} (as an OAuth client authenticates). */
    SecretScan addBasic(String name, String user, String value) {
        add(name, value);
        String pair = user + ":" + value;
        form(name, "HTTP Basic with " + user, Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        String encodedPair = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        form(name, "HTTP Basic (RFC 6749 encoded) with " + user, Base64.getEncoder().encodeToString(encodedPair.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    private void form(String secret, String form, String text) {
        String latin1 = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        if (forms.stream().noneMatch(f -> f.latin1().equals(latin1))) {
            forms.add(new Form(secret, form, latin1));
        }
    }

    /** The names of the secrets, for a report. */
    List<String> names() {
        return List.copyOf(secrets.keySet());
    }

    int size() {
        return secrets.size();
    }

    /** "{secret} ({form}) in {place}" for each secret found in {@code text}. */
    List<String> findIn(String place, String text) {
        return findIn(place, text.getBytes(StandardCharsets.UTF_8));
    }

    List<String> findIn(String place, byte[] content) {
        String latin1 = new String(content, StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        for (Form f : forms) {
            if (latin1.contains(f.latin1())) {
                found.add(f.secret() + " (" + f.form() + ") in " + place);
            }
        }
        return found;
    }

    /** Every file under {@code root} not {@code skipped}, searched; places are named relative to {@code home}. */
    List<String> findInFiles(Path root, Path home, Predicate<Path> skipped) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.exists(root)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(skipped.negate()).toList()) {
                byte[] content;
                try {
                    content = Files.readAllBytes(f);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // replaced or removed while the host runs (a temporary file)
                }
                found.addAll(findIn(home.relativize(f).toString(), content));
            }
        }
        return found;
    }
}
