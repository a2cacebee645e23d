package dev.tributary.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.vault.internal.FileVault.RotationStep;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileVaultTest {

    private static final String CANARY = "PLAINTEXT-canary-4711-ü";

    @TempDir
    Path root;
    Path keyFile;
    Path data;
    Path secretsFile;
    private final List<FileVault> opened = new ArrayList<>();

    @BeforeEach
    void paths() {
        keyFile = root.resolve("keys").resolve("master.key");
        data = root.resolve("data");
        secretsFile = data.resolve("vault").resolve("secrets.properties");
    }

    @AfterEach
    void closeAll() {
        opened.forEach(FileVault::close);
    }

    @Test
    void storesReturnsReplacesAndKeepsSecretsAcrossRestarts() throws Exception {
        FileVault vault = open();
        char[] secret = CANARY.toCharArray();
        vault.put("i1", "token", secret);
        secret[0] = 'X';
        assertThat(read(vault, "i1", "token")).as("the vault keeps its own copy").isEqualTo(CANARY);

        char[] returned = vault.get("i1", "token").orElseThrow();
        returned[0] = 'Z';
        assertThat(read(vault, "i1", "token")).as("callers get copies they may clear").isEqualTo(CANARY);
        assertThat(vault.get("i1", "missing")).isEmpty();
        assertThat(vault.get("i2", "token")).isEmpty();

        vault.put("i1", "token", "second".toCharArray());
        vault.put("i1", "empty", new char[0]);
        vault.close();

        FileVault reopened = open();
        assertThat(read(reopened, "i1", "token")).isEqualTo("second");
        assertThat(read(reopened, "i1", "empty")).isEmpty();
    }

    @Test
    void neitherFileEverHoldsThePlainText() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.put(FileVault.HOST, "store.crypt-key", CANARY.toCharArray());
        vault.rotateMasterKey();
        vault.put("i2", "token", CANARY.toCharArray());
        vault.delete("i2", "token");
        vault.put("i3", "token", CANARY.toCharArray());

        byte[] key = Base64.getDecoder().decode(Files.readString(keyFile).strip().split(" ")[2]);
        List<byte[]> forbidden = List.of(CANARY.getBytes(StandardCharsets.UTF_8), CANARY.getBytes(StandardCharsets.UTF_16BE),
                CANARY.getBytes(StandardCharsets.UTF_16LE), Base64.getEncoder().encode(CANARY.getBytes(StandardCharsets.UTF_8)));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                byte[] content = Files.readAllBytes(file);
                for (byte[] plain : forbidden) {
                    assertThat(indexOf(content, plain)).as("plain text in %s", file).isEqualTo(-1);
                }
            }
        }
        byte[] secrets = Files.readAllBytes(secretsFile);
        assertThat(indexOf(secrets, key)).as("raw key in the secrets file").isEqualTo(-1);
        assertThat(indexOf(secrets, Base64.getEncoder().encode(key))).as("base64 key in the secrets file").isEqualTo(-1);
        assertThat(vault.toString()).doesNotContain(CANARY).doesNotContain(Base64.getEncoder().encodeToString(key));
    }

    @Test
    void keyAndSecretsAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());

        assertThat(permissions(keyFile.getParent())).isEqualTo("rwx------");
        assertThat(permissions(keyFile)).isEqualTo("rw-------");
        assertThat(permissions(secretsFile.getParent())).isEqualTo("rwx------");
        assertThat(permissions(secretsFile)).isEqualTo("rw-------");

        vault.rotateMasterKey();
        assertThat(permissions(keyFile)).as("after rotation").isEqualTo("rw-------");
        assertThat(permissions(secretsFile)).as("after rotation").isEqualTo("rw-------");
    }

    @Test
    void keyFileIsOneVersionedLineAndEachValueNamesItsKeyWithAFreshNonce() throws Exception {
        FileVault vault = open();
        vault.put("i1", "a", CANARY.toCharArray());
        vault.put("i1", "b", CANARY.toCharArray());
        String first = stored().getProperty("i1/a");
        vault.put("i1", "a", CANARY.toCharArray());

        assertThat(Files.readString(keyFile)).matches("tributary-master-key v1 [A-Za-z0-9+/]{43}=\n");
        String id = keyIdOf(keyFile);
        Properties stored = stored();
        assertThat(stored.stringPropertyNames()).containsExactlyInAnyOrder("i1/a", "i1/b");
        for (String value : List.of(first, stored.getProperty("i1/a"), stored.getProperty("i1/b"))) {
            String[] parts = value.split(":");
            assertThat(parts).hasSize(4);
            assertThat(parts[0]).isEqualTo("v1");
            assertThat(parts[1]).isEqualTo(id);
            assertThat(Base64.getDecoder().decode(parts[2])).hasSize(12);
            assertThat(Base64.getDecoder().decode(parts[3])).hasSize(CANARY.getBytes(StandardCharsets.UTF_8).length + 16);
        }
        Set<String> nonces = Stream.of(first, stored.getProperty("i1/a"), stored.getProperty("i1/b"))
                .map(value -> value.split(":")[2]).collect(Collectors.toSet());
        assertThat(nonces).as("a fresh nonce per secret and per write").hasSize(3);
    }

    @Test
    void aValueMovedToAnotherScopeOrNameDoesNotDecrypt() throws Exception {
        FileVault vault = open();
        vault.put("a", "x", CANARY.toCharArray());
        vault.put("b", "z", "other".toCharArray());
        vault.close();
        Properties stored = stored();
        stored.setProperty("b/z", stored.getProperty("a/x"));
        stored.setProperty("a/y", stored.getProperty("a/x"));
        store(stored);

        FileVault reopened = open();
        assertThat(read(reopened, "a", "x")).isEqualTo(CANARY);
        assertThatThrownBy(() -> reopened.get("b", "z")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("b/z").hasMessageContaining("the master key does not match or the entry was altered")
                .message().doesNotContain(CANARY);
        assertThatThrownBy(() -> reopened.get("a", "y")).isInstanceOf(IllegalStateException.class).hasMessageContaining("a/y");
    }

    @ParameterizedTest(name = "part {0}, byte {1}")
    @CsvSource({"2, 0", "2, 11", "3, 0", "3, 5", "3, -1"})
    void aValueWithOneByteChangedFailsClosed(int part, int index) throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.close();
        Properties stored = stored();
        String[] parts = stored.getProperty("i1/token").split(":");
        byte[] bytes = Base64.getDecoder().decode(parts[part]);
        bytes[index < 0 ? bytes.length + index : index] ^= 0x01;
        parts[part] = Base64.getEncoder().encodeToString(bytes);
        stored.setProperty("i1/token", String.join(":", parts));
        store(stored);

        FileVault reopened = open();
        assertThatThrownBy(() -> reopened.get("i1", "token")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("i1/token").hasMessageContaining("does not match or the entry was altered")
                .message().doesNotContain(CANARY);
    }

    @Test
    void aValueThatIsNotBase64FailsClosed() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.close();
        Properties stored = stored();
        stored.setProperty("i1/token", stored.getProperty("i1/token").replaceFirst(".$", "*"));
        store(stored);

        assertThatThrownBy(() -> open().get("i1", "token")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("i1/token").hasMessageContaining("altered");
    }

    @Test
    void anotherKeyFailsActivationWithTheWayOut() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.close();
        String writtenWith = keyIdOf(keyFile);
        byte[] secretsBefore = Files.readAllBytes(secretsFile);
        writeOwnerOnly(keyFile, MasterKey.generate().fileContent());

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the master key at " + keyFile + " (key " + keyIdOf(keyFile) + ") does not match the vault in "
                        + secretsFile.getParent() + " (written with key " + writtenWith + ")")
                .hasMessageContaining("restore the right key file from backup");
        assertThat(Files.readAllBytes(secretsFile)).as("the vault is left alone").isEqualTo(secretsBefore);
    }

    @Test
    void aMissingKeyFileIsNotReplacedWhileSecretsNeedIt() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.close();
        String writtenWith = keyIdOf(keyFile);
        Files.delete(keyFile);

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the master key file " + keyFile + " is missing")
                .hasMessageContaining("written with key " + writtenWith).hasMessageContaining("restore the key file from backup");
        assertThat(keyFile).doesNotExist();
    }

    @Test
    void aKeyFileInsideTheDataDirectoryIsRefused() throws Exception {
        keyFile = data.resolve("keys").resolve("master.key");
        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyFile + " is inside the data directory").hasMessageContaining("keep the key apart from the data");
        assertThat(keyFile).doesNotExist();

        Files.createDirectories(data);
        Files.createSymbolicLink(root.resolve("link"), data);
        keyFile = root.resolve("link").resolve("master.key");
        assertThatThrownBy(this::open).as("through a symbolic link").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keep the key apart from the data");
        assertThat(keyFile).doesNotExist();
    }

    @Test
    void aKeyFileThatIsNotAKeyIsRefusedWithoutShowingItsContent() throws Exception {
        Files.createDirectories(keyFile.getParent());
        for (String content : List.of("hello\n", "tributary-master-key v1 " + base64(31) + "\n",
                "tributary-master-key v2 " + base64(32) + "\n", "tributary-master-key v1 " + base64(32) + " extra\n")) {
            writeOwnerOnly(keyFile, content.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the master key file " + keyFile + " is not a Tributary master key")
                    .hasMessageContaining("tributary-master-key v1 <base64 of 32 bytes>").message()
                    .doesNotContain(content.strip().substring(Math.max(0, content.strip().length() - 20)));
        }
        writeOwnerOnly(keyFile, ("tributary-master-key v1 " + base64(32) + "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(open()).as("a Windows line end is fine").isNotNull();
    }

    @Test
    void aKeyFromTheEnvironmentIsUsedAndNoKeyFileIsWritten() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> environment = Map.of(FileVault.KEY_VARIABLE, Base64.getEncoder().encodeToString(key) + "\n");

        FileVault vault = open(environment);
        vault.put("i1", "token", CANARY.toCharArray());
        assertThat(stored().getProperty("i1/token").split(":")[1]).isEqualTo(idOf(key));
        assertThat(keyFile).doesNotExist();
        assertThat(keyFile.getParent()).doesNotExist();
        vault.close();

        assertThat(read(open(environment), "i1", "token")).isEqualTo(CANARY);
        assertThatThrownBy(this::open).as("the file-based key is not a fallback").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is missing");
        assertThat(keyFile).doesNotExist();

        byte[] other = key.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> open(Map.of(FileVault.KEY_VARIABLE, Base64.getEncoder().encodeToString(other))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the master key from TRIBUTARY_MASTER_KEY (key " + idOf(other) + ") does not match the vault in");
    }

    @ParameterizedTest
    @CsvSource({"'not base64!', is not valid base64", "'AAAA', holds 3 bytes", "'', holds 0 bytes"})
    void aMalformedKeyInTheEnvironmentFailsActivationSayingWhatIsWrong(String value, String problem) {
        assertThatThrownBy(() -> open(Map.of(FileVault.KEY_VARIABLE, value))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TRIBUTARY_MASTER_KEY " + problem).hasMessageContaining("32");
        assertThat(root.resolve("keys")).doesNotExist();
        assertThat(secretsFile).doesNotExist();
    }

    @Test
    void aShortKeyInTheEnvironmentIsNamedWithoutBeingShown() {
        String sixteen = base64(16);
        assertThatThrownBy(() -> open(Map.of(FileVault.KEY_VARIABLE, sixteen))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TRIBUTARY_MASTER_KEY holds 16 bytes; it must be the base64 of exactly 32 bytes")
                .message().doesNotContain(sixteen);
    }

    @Test
    void rotationReencryptsEverySecretUnderANewKeyAndRetiresTheOld() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.put("i1", "password", "pw".toCharArray());
        vault.put(FileVault.HOST, "store.crypt-key", "k".toCharArray());
        byte[] oldKeyFile = Files.readAllBytes(keyFile);
        String oldId = keyIdOf(keyFile);
        Properties before = stored();

        vault.rotateMasterKey();

        String newId = keyIdOf(keyFile);
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(keyFile.resolveSibling("master.key.new")).doesNotExist();
        Properties after = stored();
        assertThat(after.stringPropertyNames()).isEqualTo(before.stringPropertyNames());
        after.forEach((name, value) -> assertThat(((String) value).split(":")[1]).as("%s", name).isEqualTo(newId));
        assertThat(read(vault, "i1", "token")).isEqualTo(CANARY);
        assertThat(read(vault, "i1", "password")).isEqualTo("pw");
        assertThat(read(vault, FileVault.HOST, "store.crypt-key")).isEqualTo("k");
        vault.put("i2", "token", "later".toCharArray());
        vault.close();

        MasterKey oldKey = MasterKey.fromFileContent(oldKeyFile.clone(), keyFile);
        MasterKey newKey = MasterKey.fromFileContent(Files.readAllBytes(keyFile), keyFile);
        assertThat(new String(SecretCipher.open(newKey, "i1", "token", after.getProperty("i1/token")))).isEqualTo(CANARY);
        String[] parts = after.getProperty("i1/token").split(":");
        parts[1] = oldId;
        String retagged = String.join(":", parts);
        assertThatThrownBy(() -> SecretCipher.open(oldKey, "i1", "token", retagged)).as("the old key no longer decrypts")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match or the entry was altered");

        FileVault reopened = open();
        assertThat(read(reopened, "i1", "token")).isEqualTo(CANARY);
        assertThat(read(reopened, "i2", "token")).isEqualTo("later");
        reopened.close();

        writeOwnerOnly(keyFile, oldKeyFile);
        assertThatThrownBy(this::open).as("the old key file no longer opens the vault").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written with key " + newId).hasMessageContaining("restore the right key file from backup");
    }

    @Test
    void aCrashBeforeTheSecretsAreReencryptedKeepsTheOldKey() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.put("i2", "token", "two".toCharArray());
        byte[] oldKeyFile = Files.readAllBytes(keyFile);
        Path pending = keyFile.resolveSibling("master.key.new");

        assertThatThrownBy(() -> vault.rotateMasterKey(crashAt(RotationStep.NEW_KEY_WRITTEN))).isInstanceOf(Crash.class);
        assertThat(pending).exists();
        assertThat(keyIdsInSecretsFile()).containsExactly(keyIdOf(keyFile));

        FileVault restarted = open();
        assertThat(pending).as("the rotation never happened").doesNotExist();
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(oldKeyFile);
        assertThat(read(restarted, "i1", "token")).isEqualTo(CANARY);
        assertThat(read(restarted, "i2", "token")).isEqualTo("two");
        restarted.rotateMasterKey();
        assertThat(read(restarted, "i1", "token")).as("a later rotation works").isEqualTo(CANARY);
    }

    @Test
    void aCrashAfterTheSecretsAreReencryptedFinishesTheRotationAtTheNextStart() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.put("i2", "token", "two".toCharArray());
        byte[] oldKeyFile = Files.readAllBytes(keyFile);
        Path pending = keyFile.resolveSibling("master.key.new");

        assertThatThrownBy(() -> vault.rotateMasterKey(crashAt(RotationStep.SECRETS_REWRITTEN))).isInstanceOf(Crash.class);
        assertThat(Files.readAllBytes(keyFile)).as("still the old key").isEqualTo(oldKeyFile);
        byte[] newKeyFile = Files.readAllBytes(pending);
        assertThat(keyIdsInSecretsFile()).containsExactly(keyIdOf(pending));

        FileVault restarted = open();
        assertThat(pending).doesNotExist();
        assertThat(Files.readAllBytes(keyFile)).as("the rotation was finished").isEqualTo(newKeyFile);
        assertThat(read(restarted, "i1", "token")).isEqualTo(CANARY);
        assertThat(read(restarted, "i2", "token")).isEqualTo("two");
    }

    @Test
    void aPendingKeyThatMatchesNothingIsLeftForTheOperator() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.close();
        writeOwnerOnly(keyFile, MasterKey.generate().fileContent());
        Path pending = keyFile.resolveSibling("master.key.new");
        writeOwnerOnly(pending, MasterKey.generate().fileContent());

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match the vault");
        assertThat(pending).as("neither key is thrown away").exists();
    }

    @Test
    void aKeyFromTheEnvironmentIsNotRotatedHere() throws Exception {
        FileVault vault = open(Map.of(FileVault.KEY_VARIABLE, base64(32)));
        vault.put("i1", "token", CANARY.toCharArray());

        assertThatThrownBy(vault::rotateMasterKey).isInstanceOf(IllegalStateException.class)
                .hasMessage("the master key comes from TRIBUTARY_MASTER_KEY: rotate it there");
        assertThat(read(vault, "i1", "token")).isEqualTo(CANARY);
        assertThat(keyFile.getParent()).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a=b", "a:b", "a\nb", "a\rb", "a\u0000b"})
    void scopesAndNamesThatWouldBreakTheFileAreRefused(String bad) throws Exception {
        FileVault vault = open();
        char[] secret = CANARY.toCharArray();
        String what = bad.isEmpty() ? "must not be empty" : "scopes and names must not contain '/', '=', ':', line breaks or NUL";
        assertThatThrownBy(() -> vault.put(bad, "n", secret)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope").hasMessageContaining(what);
        assertThatThrownBy(() -> vault.put("s", bad, secret)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name").hasMessageContaining(what).message().doesNotContain(CANARY);
        assertThatThrownBy(() -> vault.get("s", bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.delete(bad, "n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.names(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.deleteScope(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(secretsFile).doesNotExist();
    }

    @Test
    void namesDeleteAndDeleteScopeTouchOnlyTheirScope() throws Exception {
        FileVault vault = open();
        for (String key : List.of("a/x", "a/y", "ab/z", "b/x")) {
            vault.put(key.split("/")[0], key.split("/")[1], CANARY.toCharArray());
        }
        assertThat(vault.names("a")).containsExactly("x", "y");
        assertThat(vault.names("ab")).containsExactly("z");
        assertThat(vault.names("none")).isEmpty();

        assertThat(vault.delete("a", "x")).isTrue();
        assertThat(vault.delete("a", "x")).isFalse();
        assertThat(vault.delete("zz", "x")).isFalse();
        assertThat(vault.get("a", "x")).isEmpty();

        vault.deleteScope("a");
        assertThat(vault.names("a")).isEmpty();
        assertThat(vault.names("ab")).containsExactly("z");
        vault.close();

        FileVault reopened = open();
        assertThat(reopened.names("a")).isEmpty();
        assertThat(reopened.names("ab")).containsExactly("z");
        assertThat(reopened.names("b")).containsExactly("x");
        assertThat(stored().stringPropertyNames()).containsExactlyInAnyOrder("ab/z", "b/x");
    }

    @Test
    void unusualCharactersInScopesAndNamesSurviveARestart() throws Exception {
        List<String> odd = List.of(" lead", "trail ", "#hash", "!bang", "back\\slash", "tab\there", "ünïcödé 名前", "\\u0041");
        FileVault vault = open();
        for (String text : odd) {
            vault.put(text, text, text.toCharArray());
        }
        vault.close();
        FileVault reopened = open();
        for (String text : odd) {
            assertThat(reopened.names(text)).containsExactly(text);
            assertThat(read(reopened, text, text)).isEqualTo(text);
        }
    }

    @Test
    void concurrentPutsAllSurvive() throws Exception {
        FileVault vault = open();
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String scope = "s" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        vault.put(scope, "n" + i, (scope + "-" + i).toCharArray());
                        assertThat(read(vault, scope, "n" + i)).isEqualTo(scope + "-" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        vault.close();

        FileVault reopened = open();
        Map<String, Integer> counts = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            counts.put("s" + t, reopened.names("s" + t).size());
            for (int i = 0; i < each; i++) {
                assertThat(read(reopened, "s" + t, "n" + i)).isEqualTo("s" + t + "-" + i);
            }
        }
        assertThat(counts).allSatisfy((scope, count) -> assertThat(count).as(scope).isEqualTo(each));
        assertThat(stored()).hasSize(threads * each);
    }

    @Test
    void tempFilesACrashLeftBehindAreRemovedAtStart() throws Exception {
        open().put("i1", "token", CANARY.toCharArray());
        Path secretsTemp = Files.createFile(secretsFile.resolveSibling(".secrets.properties.123.tmp"));
        Path keyTemp = Files.createFile(keyFile.resolveSibling(".master.key.456.tmp"));
        Path pendingTemp = Files.createFile(keyFile.resolveSibling(".master.key.new.789.tmp"));

        assertThat(read(open(), "i1", "token")).isEqualTo(CANARY);
        assertThat(secretsTemp).doesNotExist();
        assertThat(keyTemp).doesNotExist();
        assertThat(pendingTemp).doesNotExist();
    }

    @Test
    void aClosedVaultRefusesToWork() throws Exception {
        FileVault vault = open();
        vault.put("i1", "token", CANARY.toCharArray());
        vault.close();
        assertThatThrownBy(() -> vault.get("i1", "token")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> vault.put("i1", "token", CANARY.toCharArray())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingFrameworkPropertiesAreNamed() {
        assertThatThrownBy(() -> new FileVault(Map.of(), keyFile, null)).hasMessageContaining("tributary.data.dir is not set");
        assertThatThrownBy(() -> new FileVault(Map.of(), null, data)).hasMessageContaining("tributary.vault.key.file is not set");
    }

    // helpers

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static java.util.function.Consumer<RotationStep> crashAt(RotationStep at) {
        return step -> {
            if (step == at) {
                throw new Crash();
            }
        };
    }

    private FileVault open() throws IOException {
        return open(Map.of());
    }

    private FileVault open(Map<String, String> environment) throws IOException {
        FileVault vault = new FileVault(environment, keyFile, data);
        opened.add(vault);
        return vault;
    }

    private static String read(FileVault vault, String scope, String name) {
        return new String(vault.get(scope, name).orElseThrow());
    }

    private Properties stored() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private void store(Properties properties) throws IOException {
        try (Writer writer = Files.newBufferedWriter(secretsFile, StandardCharsets.UTF_8)) {
            properties.store(writer, null);
        }
    }

    private Set<String> keyIdsInSecretsFile() throws IOException {
        return stored().values().stream().map(value -> ((String) value).split(":")[1]).collect(Collectors.toSet());
    }

    /** Key files written by hand, as owner-only as the vault writes them (else it warns). */
    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The key id computed here, independently of the code under test. */
    private static String keyIdOf(Path file) throws IOException {
        return idOf(Base64.getDecoder().decode(Files.readString(file).strip().split(" ")[2]));
    }

    private static String idOf(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String base64(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
