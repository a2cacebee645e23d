package dev.tributary.itest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A host booted in this JVM ({@link InProcessHost}) in a temporary folder of its own, with what a
 * test drives it through (the REST API) and watches it by ({@code /health} and the log). The folder
 * also holds the test's sources; closing stops the host and deletes the folder.
 */
final class ScratchHost implements AutoCloseable {

    /** The temporary folder: the distribution is a copy inside it, beside whatever the test puts here. */
    final Path tmp;
    final InProcessHost host;
    final HostApi api;
    final HostHealth health;

    /** @param frameworkProperties overrides of the launcher's framework properties */
    ScratchHost(String prefix, Map<String, String> frameworkProperties) throws Exception {
        this.tmp = Files.createTempDirectory(prefix);
        try {
            this.host = new InProcessHost(tmp, frameworkProperties);
        } catch (Exception | Error e) {
            Trees.delete(tmp);
            throw e;
        }
        this.api = new HostApi(host.dist);
        this.health = new HostHealth(host.dist);
    }

    @Override
    public void close() {
        try {
            host.close();
        } finally {
            Trees.delete(tmp);
        }
    }
}
