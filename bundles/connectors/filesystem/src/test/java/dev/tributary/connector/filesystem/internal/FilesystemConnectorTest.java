package dev.tributary.connector.filesystem.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.store.Run;
import dev.tributary.testkit.ConnectorHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemConnectorTest {

    @TempDir
    Path root;
    final String me = System.getProperty("user.name");

    ConnectorHarness harness(FilesystemConnector.Config config) {
        return new ConnectorHarness(new FilesystemConnector(config, new PlainTextExtractor(), "1.0.0"), Map.of());
    }

    @Test
    void posixPermissionsBecomePrincipalsWithFolderTraversalTakenIntoAccount() throws Exception {
        Path open = write("open/public.txt", "rw-r--r--");
        write("open/group-only.txt", "rw-r-----");
        write("open/owner-only.txt", "rw-------");
        write("closed/inside.txt", "rw-r--r--");
        Files.setPosixFilePermissions(open.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        String group = Files.readAttributes(open, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        ConnectorHarness h = harness(Configs.of(root));
        h.run();
        var docs = h.documents();
        assertThat(docs.get("open/public.txt").document().principals()).containsExactlyInAnyOrder("everyone", "group:" + group, "user:" + me);
        assertThat(docs.get("open/group-only.txt").document().principals()).containsExactlyInAnyOrder("group:" + group, "user:" + me);
        assertThat(docs.get("open/owner-only.txt").document().principals()).containsExactly("user:" + me);
        assertThat(docs.get("closed/inside.txt").document().principals()).as("others cannot pass the closed folder").containsExactly("user:" + me);
        assertThat(docs.get("open/public.txt").document().url()).isEqualTo(open.toUri().toString());
        assertThat(docs.get("open/public.txt").document().container()).isEqualTo("/open");
    }

    @Test
    void aFileThatTurnsPrivateIsRepermissionedOnTheNextSyncAndSoAreFilesBelowAChangedFolder() throws Exception {
        Path f = write("a/doc.txt", "rw-r--r--");
        write("b/other.txt", "rw-r--r--");
        ConnectorHarness h = harness(Configs.of(root));
        h.run();
        assertThat(h.documents().get("a/doc.txt").document().principals()).contains("everyone");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------")); // content and mtime unchanged
        Files.setPosixFilePermissions(root.resolve("b"), PosixFilePermissions.fromString("rwx------"));
        Run second = h.run();
        assertThat(second.updated()).isEqualTo(2);
        assertThat(h.documents().get("a/doc.txt").document().principals()).containsExactly("user:" + me);
        assertThat(h.documents().get("b/other.txt").document().principals()).containsExactly("user:" + me);
    }

    @Test
    void globsAndTheSizeLimitDecideWhatIsSyncedAndAFileThatGrowsTooLargeIsRemoved() throws Exception {
        write("keep.md", "rw-r--r--");
        write("skip.log", "rw-r--r--");
        write(".hidden/x.md", "rw-r--r--");
        Path big = write("big.md", "rw-r--r--");
        ConnectorHarness h = harness(Configs.of(root, new String[] {"**.md"}, new String[] {".*", "**/.*"}, 100));
        h.run();
        assertThat(h.documents()).containsOnlyKeys("keep.md", "big.md");
        Files.writeString(big, "x".repeat(500));
        h.run();
        assertThat(h.documents()).containsOnlyKeys("keep.md");
    }

    @Test
    void symlinkLoopsUnreadableAndDamagedFilesAreReportedNotFatal() throws Exception {
        write("ok.txt", "rw-r--r--");
        write("report-damaged.pdf", "rw-r--r--");
        Files.createDirectories(root.resolve("loop"));
        Files.createSymbolicLink(root.resolve("loop/back"), root);
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("missing"));
        ConnectorHarness h = harness(Configs.of(root));
        Run run = h.run();
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.failed()).isEqualTo(3); // the loop, the broken link, the damaged file
        assertThat(h.documents()).containsKey("ok.txt");
    }

    @Test
    void aMissingRootFailsTheRunWithAClearMessage() {
        ConnectorHarness h = harness(Configs.of(root.resolve("nowhere")));
        Run run = h.run();
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).contains("is not an absolute path to a folder of this host").contains("set 'root'");
    }

    @Test
    void aNameWithALineBreakIsSyncedLikeAnyOtherAndCommasSeparateGlobsOutsideBraces() throws Exception {
        write("new\nline.md", "rw-r--r--");
        write("a.txt", "rw-r--r--");
        write("b.log", "rw-r--r--");
        ConnectorHarness h = harness(Configs.of(root, new String[] {"**.md, *.{txt,csv}"}, new String[] {".*"}, 1000));
        assertThat(h.run().failed()).isZero();
        assertThat(h.documents()).containsOnlyKeys("new\nline.md", "a.txt");
        assertThat(Settings.split(" *.{md,txt} ,, x/** ")).containsExactly("*.{md,txt}", "x/**");
    }

    @Test
    void aSettingTheRunCannotUseFailsItAtOnceNamingTheSetting() throws Exception {
        write("a.txt", "rw-r--r--");
        ConnectorHarness h = harness(Configs.of(root, new String[] {"[a-"}, new String[0], 1000));
        Run run = h.run();
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).isEqualTo("IllegalArgumentException: 'include' glob '[a-' is not valid (Missing '] at character 4): "
                + "fix it in the instance's configuration");
        assertThat(harness(Configs.of(root, new String[] {"**"}, new String[0], -1)).run().error())
                .isEqualTo("IllegalArgumentException: 'maxFileSize' must be 0 or more, not -1: fix it in the instance's configuration");
        assertThat(harness(Configs.of(root.resolve("x".repeat(5000)))).run().error()).contains("… (").hasSizeLessThan(400);
    }

    /** Writes a file; its folders (and the root, which @TempDir makes private) are opened to everyone. */
    private Path write(String relative, String permissions) throws Exception {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        for (Path d = f.getParent(); d.startsWith(root); d = d.getParent()) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(f, "text of " + relative);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(permissions));
        return f;
    }

}
