package dev.tributary.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.Change;
import dev.tributary.api.vault.Vault;
import dev.tributary.testkit.LogCapture;
import dev.tributary.testkit.MemoryVault;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A damaged store, or one under another key, is refused with a message saying what to do, and left byte for byte as it was. */
class StoreCheckTest extends OpenStore {

    private static final int DOCUMENTS = 400;

    @BeforeEach
    void fill() throws Exception {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            changes.add(new Change.Upsert(Document.builder("d" + i).title("t" + i).text("text of document " + i + " ".repeat(500))
                    .url("file:///d" + i).sourceVersion(1).principals(Set.of("everyone")).build(), "h" + i));
        }
        store.commit("docs", "filesystem", changes, "cp");
        store.close();
        store = null;
    }

    @Test
    void aHealthyStoreIsReadAndOpensWithItsKeyRecorded() throws Exception {
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(store.count("docs")).isEqualTo(DOCUMENTS);
        assertThat(Files.readString(dir.resolve(KeyId.FILE)).strip()).matches("[0-9a-f]{8}");
    }

    @Test
    void aStoreTheHostShutDownIsNotReadAgainWhileItsFilesMatchTheirSeal() throws Exception {
        assertThat(dir.resolve(ShutdownSeal.FILE)).as("sealed when it was closed").exists();
        try (LogCapture log = new LogCapture()) {
            store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
            assertThat(log.lines("INFO")).anyMatch(l -> l.contains("its files are as the host shut it down"))
                    .noneMatch(l -> l.contains("rows read"));
        }
        assertThat(dir.resolve(ShutdownSeal.FILE)).as("removed while the store is open").doesNotExist();
        assertThat(store.count("docs")).isEqualTo(DOCUMENTS);
    }

    @Test
    void damageThatKeepsTheFilesSizeAndTimeIsStillFound() throws Exception {
        Path data = dir.resolve("tributary.data");
        long size = Files.size(data);
        FileTime time = Files.getLastModifiedTime(data);
        refusedUnchanged(d -> {
            overwrite(data, size / 2, 4096);
            setTime(data, time);
        }, "its files are damaged");
    }

    @Test
    void aSealUnderAnotherKeyVouchesForNothing() throws Exception {
        Path seal = dir.resolve(ShutdownSeal.FILE);
        write(seal, Files.readString(seal).replaceFirst("key \\S+", "key 00000000"));
        try (LogCapture log = new LogCapture()) {
            store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
            assertThat(log.lines("INFO")).anyMatch(l -> l.contains("rows read"));
        }
    }

    @Test
    void garbageInTheDataFileIsFoundAndNothingIsWritten() throws Exception {
        long size = Files.size(dir.resolve("tributary.data"));
        refusedUnchanged(d -> overwrite(d.resolve("tributary.data"), size / 2, 4096), "its files are damaged", "restore " + dir.getParent());
    }

    @Test
    void rowsThatClaimAHugeSizeAreDamageNotACrash() throws Exception {
        long size = Files.size(dir.resolve("tributary.data"));
        // every int read there is 0x7f7f7f7f: HSQLDB would allocate 2 GB for such a row (and the host's JVM end itself)
        refusedUnchanged(d -> fill(d.resolve("tributary.data"), size / 4, (int) (size / 2), (byte) 0x7f), "its files are damaged",
                "claims an impossible size");
    }

    @Test
    void aTruncatedDataFileIsFoundAndNotExtended() throws Exception {
        refusedUnchanged(d -> truncate(d.resolve("tributary.data"), 1000), "its files are damaged");
    }

    @Test
    void aDamagedPropertiesFileDoesNotMakeANewDatabase() throws Exception {
        refusedUnchanged(d -> write(d.resolve("tributary.properties"), "\u0000\u0013garbage=\\u12"), "tributary.properties");
    }

    @Test
    void aMissingPropertiesFileIsNotRecreated() throws Exception {
        refusedUnchanged(d -> delete(d.resolve("tributary.properties")), "tributary.properties is missing");
    }

    @Test
    void aMissingScriptFileIsFound() throws Exception {
        refusedUnchanged(d -> delete(d.resolve("tributary.script")), "its files are damaged");
    }

    @Test
    void anotherValidKeyIsNamedAsTheWrongKeyNotAsDamage() throws Exception {
        String own = KeyId.of(new String(vault.get(Vault.HOST, HsqlDocumentStore.KEY_NAME).orElseThrow()));
        MemoryVault other = new MemoryVault();
        other.put(Vault.HOST, HsqlDocumentStore.KEY_NAME, "00112233445566778899aabbccddeeff".toCharArray());
        Map<String, String> before = snapshot();
        assertThatThrownBy(() -> HsqlDocumentStore.open(dir, other, 2)).isInstanceOf(StoreRefusedException.class)
                .hasMessageContaining("it is encrypted with key " + own).hasMessageContaining("the vault holds key "
                        + KeyId.of("00112233445566778899aabbccddeeff")).hasMessageContaining("Put back the vault and master key")
                .hasMessageNotContaining("damaged");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void withoutARecordedKeyIdAWrongKeyIsReportedAsEitherCause() throws Exception {
        Files.delete(dir.resolve(KeyId.FILE)); // a store from before key ids were recorded
        MemoryVault other = new MemoryVault();
        other.put(Vault.HOST, HsqlDocumentStore.KEY_NAME, "00112233445566778899aabbccddeeff".toCharArray());
        Map<String, String> before = snapshot();
        assertThatThrownBy(() -> HsqlDocumentStore.open(dir, other, 2)).isInstanceOf(StoreRefusedException.class)
                .hasMessageContaining("its files are damaged, or the vault's key is not the one it was written with");
        assertThat(snapshot()).isEqualTo(before);
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(dir.resolve(KeyId.FILE)).as("recorded once the right key opened it").exists();
    }

    @Test
    void aDamagedKeyIdIsCorrectedWhenTheKeyOpensTheStore() throws Exception {
        Files.writeString(dir.resolve(KeyId.FILE), "0badc0de\n");
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(store.count("docs")).isEqualTo(DOCUMENTS);
        assertThat(Files.readString(dir.resolve(KeyId.FILE)).strip()).isNotEqualTo("0badc0de");
    }

    @Test
    void aRefusalIsRememberedWhileTheFilesStayAndTheRestoredStoreOpens() throws Exception {
        Path backup = Files.createTempDirectory("store-backup");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, backup.resolve(f.getFileName()));
            }
        }
        overwrite(dir.resolve("tributary.data"), Files.size(dir.resolve("tributary.data")) / 2, 4096);
        String first = refusal();
        assertThat(refusal()).isEqualTo(first);
        try (Stream<Path> files = Files.list(backup)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(store.count("docs")).isEqualTo(DOCUMENTS);
    }

    private String refusal() {
        try {
            HsqlDocumentStore.open(dir, vault, 2).close();
        } catch (StoreRefusedException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("refused with " + e, e);
        }
        throw new AssertionError("the damaged store was opened");
    }

    private void refusedUnchanged(Consumer<Path> damage, String... said) throws Exception {
        damage.accept(dir);
        Map<String, String> before = snapshot();
        assertThatThrownBy(() -> HsqlDocumentStore.open(dir, vault, 2)).isInstanceOf(StoreRefusedException.class)
                .hasMessageContaining("cannot open the store in " + dir).hasMessageContaining("Nothing was changed")
                .satisfies(e -> assertThat(e.getMessage()).contains(said));
        assertThat(snapshot()).as("the store's files after the refusal").isEqualTo(before);
    }

    /** Every file and directory under the store's directory, with its content's hash. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "directory" : sha256(p));
            }
        }
        return files;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void overwrite(Path file, long at, int length) {
        byte[] garbage = new byte[length];
        new java.util.Random(7).nextBytes(garbage);
        write(file, at, garbage);
    }

    private static void fill(Path file, long at, int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        write(file, at, bytes);
    }

    private static void write(Path file, long at, byte[] garbage) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(garbage);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void truncate(Path file, long size) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void setTime(Path file, FileTime time) {
        try {
            Files.setLastModifiedTime(file, time);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
