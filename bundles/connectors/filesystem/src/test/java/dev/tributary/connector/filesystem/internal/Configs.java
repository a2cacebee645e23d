package dev.tributary.connector.filesystem.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** Instance configurations for tests, as Configuration Admin would hand them over. */
final class Configs {
    private Configs() {}

    static FilesystemConnector.Config of(Path root, String[] include, String[] exclude, long maxFileSize) {
        return new FilesystemConnector.Config() {
            public String root() { return root.toString(); }
            public String[] include() { return include; }
            public String[] exclude() { return exclude; }
            public long maxFileSize() { return maxFileSize; }
            public int maxTextChars() { return 100_000; }
            public String schedule() { return "manual"; }
            public Class<? extends Annotation> annotationType() { return FilesystemConnector.Config.class; }
        };
    }

    static FilesystemConnector.Config of(Path root) {
        return of(root, new String[] {"**"}, new String[] {".*", "**/.*"}, 1_000_000);
    }
}
