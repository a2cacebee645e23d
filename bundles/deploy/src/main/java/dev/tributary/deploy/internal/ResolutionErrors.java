package dev.tributary.deploy.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the framework's resolver message into one line an operator can act on, e.g.
 * {@code Unable to resolve x [12](R 12.0): missing requirement [...] osgi.wiring.package;
 * (&(osgi.wiring.package=com.acme)(version>=1.0.0)(!(version>=2.0.0)))} becomes
 * {@code missing package com.acme [1.0.0,2.0.0): no deployed or platform bundle exports it}.
 */
final class ResolutionErrors {

    private static final Pattern REQUIREMENT = Pattern.compile(
            "missing requirement \\[.*?\\] ([\\w.]+); (\\S+)");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\(([\\w.-]+)=([^()]*)\\)");
    private static final Pattern LOWER = Pattern.compile("\\(version>=([^()]*)\\)");
    private static final Pattern UPPER_EXCLUSIVE = Pattern.compile("\\(!\\(version>=([^()]*)\\)\\)");
    private static final Pattern UPPER_INCLUSIVE = Pattern.compile("\\(version<=([^()]*)\\)");

    private ResolutionErrors() {}

    static String describe(String message) {
        if (message == null || message.isBlank()) {
            return "its requirements cannot be resolved";
        }
        // Felix reports the deepest cause last; the first requirement names the bundle's own need.
        Matcher m = REQUIREMENT.matcher(message);
        if (!m.find()) {
            return firstLine(message);
        }
        String namespace = m.group(1);
        String filter = m.group(2);
        String what = switch (namespace) {
            case "osgi.wiring.package" -> "package " + attribute(filter, "osgi.wiring.package");
            case "osgi.wiring.bundle" -> "bundle " + attribute(filter, "osgi.wiring.bundle");
            case "osgi.service" -> "service " + attribute(filter, "objectClass");
            case "osgi.ee" -> "Java runtime " + attribute(filter, "osgi.ee");
            case "osgi.extender" -> "extender " + attribute(filter, "osgi.extender");
            default -> "capability " + namespace + " " + filter;
        };
        String range = range(filter);
        boolean transitive = message.indexOf("missing requirement", m.end()) >= 0;
        return "missing " + what + (range.isEmpty() ? "" : " " + range)
                + ": no deployed or platform bundle provides it"
                + (transitive ? " (or the bundle that would, cannot resolve itself)" : "")
                + "; deploy a bundle that exports it or remove this one";
    }

    private static String attribute(String filter, String key) {
        Matcher m = ATTRIBUTE.matcher(filter);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return m.group(2);
            }
        }
        return filter;
    }

    private static String range(String filter) {
        Matcher low = LOWER.matcher(filter);
        if (!low.find()) {
            return "";
        }
        Matcher up = UPPER_EXCLUSIVE.matcher(filter);
        if (up.find()) {
            return "[" + low.group(1) + "," + up.group(1) + ")";
        }
        Matcher upIncl = UPPER_INCLUSIVE.matcher(filter);
        if (upIncl.find()) {
            return "[" + low.group(1) + "," + upIncl.group(1) + "]";
        }
        return ">= " + low.group(1);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
