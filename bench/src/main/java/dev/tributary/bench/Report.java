package dev.tributary.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/BENCHMARKS.md is shared by every benchmark: each one owns a "## " section (its heading up
 * to the next "## ") and replaces only that, so running one benchmark keeps the others' figures.
 */
final class Report {

    private Report() {
    }

    /** Prints {@code body} and writes it as section {@code title} of {@code file}, with the machine's section beside it. */
    static void publish(Path file, String title, String body) throws IOException {
        System.out.println(body);
        replaceSection(file, "Machine", Machine.describe());
        replaceSection(file, title, body);
        System.out.println("Written to " + file);
    }

    /** Replaces (or appends) the section headed {@code "## " + title} with {@code body}. */
    static void replaceSection(Path file, String title, String body) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, withSection(existing, title, body), StandardCharsets.UTF_8);
    }

    static String withSection(String document, String title, String body) {
        String heading = "## " + title + "\n";
        String section = heading + "\n" + body.strip() + "\n";
        int start = document.startsWith(heading) ? 0 : document.indexOf("\n" + heading);
        if (start < 0) {
            return document.stripTrailing() + "\n\n" + section;
        }
        if (start > 0) {
            start++; // keep the newline before the heading
        }
        int end = document.indexOf("\n## ", start + heading.length() - 1);
        String rest = end < 0 ? "" : "\n" + document.substring(end + 1);
        return document.substring(0, start) + section + rest;
    }
}
