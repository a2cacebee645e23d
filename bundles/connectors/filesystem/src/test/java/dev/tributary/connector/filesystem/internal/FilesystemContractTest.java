package dev.tributary.connector.filesystem.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.testkit.ConnectorContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The file-system connector passes the connector contract. */
class FilesystemContractTest extends ConnectorContract {

    @TempDir
    Path tmp;
    int sources;

    final class Folder implements Source {
        final Path root;

        Folder(Path root) {
            this.root = root;
        }

        @Override
        public void seed() throws Exception {
            // enough files for several commits (one per 100), in nested folders
            for (int i = 0; i < 230; i++) {
                Path f = root.resolve("dir" + (i % 7)).resolve("sub" + (i % 3)).resolve("file" + i + ".txt");
                Files.createDirectories(f.getParent());
                Files.writeString(f, "content of file " + i);
            }
            Files.writeString(root.resolve("top.txt"), "top level");
        }

        @Override
        public String modifyOne() throws Exception {
            Files.writeString(root.resolve("top.txt"), "top level, changed");
            return "top.txt";
        }

        @Override
        public String deleteOne() throws Exception {
            Files.delete(root.resolve("dir1/sub1/file1.txt"));
            return "dir1/sub1/file1.txt";
        }

        @Override
        public String addWithUnknownVisibility() throws Exception {
            Path f = root.resolve("nobody.txt");
            Files.writeString(f, "no one may read this");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
            return "nobody.txt";
        }
    }

    @Override
    protected Source newSource() throws Exception {
        return new Folder(Files.createDirectories(tmp.resolve("source" + sources++)));
    }

    @Override
    protected Connector connector(Source source) {
        return new FilesystemConnector(Configs.of(((Folder) source).root), new PlainTextExtractor(), "1.0.0");
    }

    @Override
    protected Map<String, Object> configuration(Source source) {
        return Map.of("root", ((Folder) source).root.toString());
    }
}
