package dev.tributary.index.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index directory ({@code data/index}): one sub-directory per generation ({@code gen-1},
 * {@code gen-2} …) and a file {@code current} naming the live one. A rebuild writes the next
 * generation beside the live one and then replaces {@code current} atomically, so a crash at any
 * moment leaves either the old or the new index live, never a half-built one.
 */
final class Generations {

    private static final String CURRENT = "current";
    private static final Pattern NAME = Pattern.compile("gen-(\\d+)");
    private static final Logger LOG = LoggerFactory.getLogger(Generations.class);

    private final Path root;

    Generations(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The live generation, or empty when there is none yet. It may name a directory that is gone. */
    Optional<Path> current() throws IOException {
        try {
            String name = Files.readString(root.resolve(CURRENT), StandardCharsets.UTF_8).strip();
            if (!NAME.matcher(name).matches()) {
                throw new IOException(root.resolve(CURRENT) + " names no generation: '" + name + "'");
            }
            return Optional.of(root.resolve(name));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Creates the directory for a new generation, numbered after every existing one. */
    Path next() throws IOException {
        Files.createDirectories(root);
        long max = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Long.parseLong(m.group(1)));
                }
            }
        }
        return Files.createDirectory(root.resolve("gen-" + (max + 1)));
    }

    /** Makes {@code generation} the live one: durable once this returns. */
    void activate(Path generation) throws IOException {
        Path tmp = root.resolve(CURRENT + ".tmp");
        Files.writeString(tmp, generation.getFileName().toString() + "\n", StandardCharsets.UTF_8);
        IOUtils.fsync(tmp, false);
        Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        IOUtils.fsync(root, true);
    }

    /** Removes every generation but {@code keep} (left over by a rebuild, finished or interrupted). */
    void deleteAllBut(Path keep) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (NAME.matcher(dir.getFileName().toString()).matches() && !dir.equals(keep)) {
                    delete(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not list {} to remove old index generations: {}", root, e.toString());
        }
    }

    /** Best effort: a file still open (Windows) stays until the next start. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}: {}", p, e.toString());
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", dir, e.toString());
        }
    }
}
