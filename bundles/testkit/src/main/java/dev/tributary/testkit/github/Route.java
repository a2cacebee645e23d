package dev.tributary.testkit.github;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An endpoint: a path template named as in GitHub's OpenAPI description (e.g.
 * {@code repos/{owner}/{repo}/issues/{issue_number}}), the docs page it follows, and its handler.
 */
record Route(String template, String docs, Function<Call, Reply> handler) {

    /** The path parameters when the segments fit the template, else null. */
    Map<String, String> match(List<String> segments) {
        String[] parts = template.split("/");
        if (parts.length != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String segment = segments.get(i);
            if (part.startsWith("{")) {
                if (segment.isEmpty()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 1), segment);
            } else if (!part.equals(segment)) {
                return null;
            }
        }
        return params;
    }

    /** Literal segments: where two templates fit, the one with more literals wins (issues/comments over issues/{n}). */
    int literals() {
        int n = 0;
        for (String part : template.split("/")) {
            if (!part.startsWith("{")) {
                n++;
            }
        }
        return n;
    }
}
