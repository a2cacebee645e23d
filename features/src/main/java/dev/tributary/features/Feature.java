package dev.tributary.features;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed feature file: the framework (optional) and bundles with their start levels, in order.
 * The format is described at the top of {@code core.feature}.
 */
public record Feature(String name, Artifact framework, List<Entry> bundles) {

    /** Maven coordinates. */
    public record Artifact(String groupId, String artifactId, String version) {
        static Artifact parse(String gav, String where) {
            String[] p = gav.split(":");
            if (p.length != 3 || p[0].isBlank() || p[1].isBlank() || p[2].isBlank() || gav.contains("${")) {
                throw new IllegalArgumentException(where + ": '" + gav + "' is not groupId:artifactId:version"
                        + (gav.contains("${") ? " (a property is not defined in the parent pom)" : ""));
            }
            return new Artifact(p[0], p[1], p[2]);
        }

        /** The file name in system/: readable, and unique across group ids. */
        public String fileName() {
            return (artifactId.contains(".") ? artifactId : groupId + "." + artifactId) + "-" + version + ".jar";
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    public record Entry(int startLevel, Artifact artifact) {}

    public static Feature parse(String name, String text) {
        Artifact framework = null;
        List<Entry> bundles = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l.isEmpty()) {
                continue;
            }
            String where = name + ".feature line " + lineNo;
            String[] parts = l.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": expected '<start level|framework> <groupId:artifactId:version>', got '" + l + "'");
            }
            Artifact a = Artifact.parse(parts[1], where);
            if (parts[0].equals("framework")) {
                if (framework != null) {
                    throw new IllegalArgumentException(where + ": a second framework");
                }
                framework = a;
                continue;
            }
            int level;
            try {
                level = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                level = 0;
            }
            boolean connector = name.startsWith("connector-");
            if (connector ? level < 20 : level < 1 || level >= 20) {
                throw new IllegalArgumentException(where + ": start level '" + parts[0] + "' must be "
                        + (connector ? "20 or more (a connector is deployed after the platform)" : "1..19 (20 and above belong to deployed bundles)"));
            }
            bundles.add(new Entry(level, a));
        }
        return new Feature(name, framework, List.copyOf(bundles));
    }
}
