package dev.tributary.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code system/startup.list}, written by the build from {@code features/core.feature}: one
 * platform bundle per line as {@code <start level> <file name>}, in start order.
 */
record StartupList(List<Entry> entries) {

    static final String FILE = "startup.list";

    record Entry(int startLevel, Path file) {}

    static StartupList read(Path systemDir) throws IOException {
        Path list = systemDir.resolve(FILE);
        if (!Files.isRegularFile(list)) {
            throw new IOException(list + " is missing: the distribution is incomplete; unpack it again");
        }
        List<Entry> entries = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+", 2);
            try {
                Path file = systemDir.resolve(parts[1]);
                if (!Files.isRegularFile(file)) {
                    throw new IOException(list + " line " + lineNo + " names " + parts[1] + ", which is not in " + systemDir);
                }
                entries.add(new Entry(Integer.parseInt(parts[0]), file));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IOException(list + " line " + lineNo + " is not '<start level> <file>': " + l);
            }
        }
        return new StartupList(List.copyOf(entries));
    }

    int highestLevel() {
        return entries.stream().mapToInt(Entry::startLevel).max().orElse(1);
    }
}
