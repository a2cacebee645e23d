package dev.tributary.vault.internal;

import dev.tributary.api.vault.Vault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault: secrets sealed with AES-256-GCM in {@code <data>/vault/secrets.properties}, under a
 * master key kept apart from the data (a file outside it, or {@code TRIBUTARY_MASTER_KEY}).
 * Sealed values stay in memory and are opened on each read; every change rewrites the file
 * atomically under an exclusive lock and is on disk when it returns.
 */
@Component(name = "dev.tributary.vault", service = Vault.class, immediate = true)
public final class FileVault implements Vault {

    static final String KEY_FILE_PROPERTY = "tributary.vault.key.file";
    static final String DATA_DIR_PROPERTY = "tributary.data.dir";
    static final String KEY_VARIABLE = "TRIBUTARY_MASTER_KEY";

    /** The points a rotation passes; tests throw there to play a crash. */
    enum RotationStep { NEW_KEY_WRITTEN, SECRETS_REWRITTEN }

    /** The key and the sealed values by {@code scope/name}; replaced, never changed. */
    private record State(MasterKey key, SortedMap<String, String> entries) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileVault.class);

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final SecretsFile secrets;
    /** Null when the key comes from the environment. */
    private final KeyFile keyFile;
    /** Guarded by {@link #lock}; null once closed. */
    private State state;

    @Activate
    public FileVault(BundleContext context) throws IOException {
        this(System.getenv(), path(context, KEY_FILE_PROPERTY), path(context, DATA_DIR_PROPERTY));
    }

    /** Opens the vault; {@code environment} stands for {@link System#getenv()}. */
    FileVault(Map<String, String> environment, Path keyFilePath, Path dataDirectory) throws IOException {
        if (dataDirectory == null) {
            throw new IllegalStateException("framework property " + DATA_DIR_PROPERTY + " is not set: start the host with bin/tributary");
        }
        this.secrets = new SecretsFile(dataDirectory.resolve("vault").resolve("secrets.properties"));
        SortedMap<String, String> entries = secrets.load();
        Set<String> usedKeys = keyIds(entries);
        String keyText = environment.get(KEY_VARIABLE);
        MasterKey key;
        if (keyText != null) {
            this.keyFile = null;
            key = MasterKey.fromBase64(keyText, KEY_VARIABLE);
        } else {
            if (keyFilePath == null) {
                throw new IllegalStateException("framework property " + KEY_FILE_PROPERTY + " is not set (nor " + KEY_VARIABLE
                        + "): start the host with bin/tributary");
            }
            this.keyFile = new KeyFile(keyFilePath);
            keyFile.requireOutside(dataDirectory);
            keyFile.recover(usedKeys);
            if (keyFile.exists()) {
                key = keyFile.read();
            } else if (usedKeys.isEmpty()) {
                key = keyFile.create();
            } else {
                throw new IllegalStateException("the master key file " + keyFile.path() + " is missing, but the vault in "
                        + secrets.directory() + " holds secrets written with key " + String.join(", ", usedKeys)
                        + ": restore the key file from backup");
            }
        }
        if (!usedKeys.isEmpty() && !usedKeys.equals(Set.of(key.id()))) {
            key.destroy();
            throw new IllegalStateException("the master key " + keySource() + " (key " + key.id() + ") does not match the vault in "
                    + secrets.directory() + " (written with key " + String.join(", ", usedKeys) + "): restore the right key "
                    + (keyFile == null ? "in " + KEY_VARIABLE : "file from backup"));
        }
        this.state = new State(key, Collections.unmodifiableSortedMap(entries));
        LOG.info("Vault opened: {} secrets, key {} {}", entries.size(), key.id(), keySource());
    }

    @Deactivate
    void close() {
        lock.writeLock().lock();
        try {
            if (state != null) {
                state.key().destroy();
                state = null;
                LOG.info("Vault closed");
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void put(String scope, String name, char[] secret) {
        String key = entryKey(scope, name);
        Objects.requireNonNull(secret, "secret");
        change((masterKey, entries) -> {
            entries.put(key, SecretCipher.seal(masterKey, scope, name, secret));
            return true;
        });
    }

    @Override
    public Optional<char[]> get(String scope, String name) {
        String key = entryKey(scope, name);
        return read(() -> {
            State current = state();
            String sealed = current.entries().get(key);
            return sealed == null ? Optional.empty() : Optional.of(SecretCipher.open(current.key(), scope, name, sealed));
        });
    }

    @Override
    public boolean delete(String scope, String name) {
        String key = entryKey(scope, name);
        return change((masterKey, entries) -> entries.remove(key) != null);
    }

    @Override
    public void deleteScope(String scope) {
        String prefix = scopePrefix(scope);
        change((masterKey, entries) -> entries.keySet().removeIf(key -> key.startsWith(prefix)));
    }

    @Override
    public Set<String> names(String scope) {
        String prefix = scopePrefix(scope);
        return read(() -> state().entries().keySet().stream().filter(key -> key.startsWith(prefix))
                .map(key -> key.substring(prefix.length())).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Override
    public void rotateMasterKey() {
        rotateMasterKey(step -> {
        });
    }

    /**
     * Writes the new key beside the old one, re-encrypts every secret with it in one atomic
     * replace of the secrets file, then renames the new key over the old. Until that replace the
     * old key is right, after it the new one: {@link KeyFile#recover} settles a crash either way.
     */
    void rotateMasterKey(Consumer<RotationStep> afterStep) {
        if (keyFile == null) {
            throw new IllegalStateException("the master key comes from " + KEY_VARIABLE + ": rotate it there");
        }
        lock.writeLock().lock();
        try {
            State current = state();
            MasterKey next = MasterKey.generate();
            SortedMap<String, String> resealed;
            try {
                keyFile.recover(keyIds(current.entries()));
                resealed = reseal(current, next);
                keyFile.writePending(next);
                afterStep.accept(RotationStep.NEW_KEY_WRITTEN);
                secrets.store(resealed);
            } catch (IOException e) {
                next.destroy();
                throw failed("rotate the master key (the old key and secrets are unchanged)", e);
            } catch (RuntimeException e) {
                next.destroy();
                throw e;
            }
            // the file now needs the new key: it is current even if the last rename fails (the next start completes it)
            state = new State(next, Collections.unmodifiableSortedMap(resealed));
            current.key().destroy();
            afterStep.accept(RotationStep.SECRETS_REWRITTEN);
            try {
                keyFile.commitPending();
            } catch (IOException e) {
                throw failed("move the new master key " + keyFile.pending() + " over " + keyFile.path()
                        + " (the secrets already use it; the next start finishes the rotation)", e);
            }
            LOG.info("Master key rotated: {} secrets re-encrypted, key {} replaced by {} in {}", resealed.size(),
                    current.key().id(), next.id(), keyFile.path());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "FileVault[" + secrets.directory() + ", key " + keySource() + "]";
    }

    private static SortedMap<String, String> reseal(State current, MasterKey next) {
        SortedMap<String, String> resealed = new TreeMap<>();
        current.entries().forEach((key, sealed) -> {
            String scope = key.substring(0, key.indexOf('/'));
            String name = key.substring(key.indexOf('/') + 1);
            char[] secret = SecretCipher.open(current.key(), scope, name, sealed);
            try {
                resealed.put(key, SecretCipher.seal(next, scope, name, secret));
            } finally {
                Arrays.fill(secret, '\0');
            }
        });
        return resealed;
    }

    /** Edits a copy of the entries and, if it changed, stores it before making it current. */
    private boolean change(BiPredicate<MasterKey, SortedMap<String, String>> edit) {
        lock.writeLock().lock();
        try {
            State current = state();
            SortedMap<String, String> entries = new TreeMap<>(current.entries());
            if (!edit.test(current.key(), entries)) {
                return false;
            }
            try {
                secrets.store(entries);
            } catch (IOException e) {
                throw failed("write " + secrets.path(), e);
            }
            state = new State(current.key(), Collections.unmodifiableSortedMap(entries));
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Supplier<T> reader) {
        lock.readLock().lock();
        try {
            return reader.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private State state() {
        if (state == null) {
            throw new IllegalStateException("the vault is closed");
        }
        return state;
    }

    private String keySource() {
        return keyFile == null ? "from " + KEY_VARIABLE : "at " + keyFile.path();
    }

    private static UncheckedIOException failed(String what, IOException e) {
        return new UncheckedIOException("the vault could not " + what + ": " + e, e);
    }

    private static Set<String> keyIds(Map<String, String> entries) {
        return entries.values().stream().map(SecretCipher::keyIdOf).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String entryKey(String scope, String name) {
        requireValid(scope, "scope");
        requireValid(name, "name");
        return SecretsFile.key(scope, name);
    }

    private static String scopePrefix(String scope) {
        requireValid(scope, "scope");
        return scope + "/";
    }

    /** These characters separate the parts of the file's keys and values. */
    private static void requireValid(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a vault " + what + " must not be empty");
        }
        for (char c : value.toCharArray()) {
            String bad = switch (c) {
                case '/', '=', ':' -> "'" + c + "'";
                case '\n', '\r' -> "a line break";
                case '\0' -> "NUL";
                default -> null;
            };
            if (bad != null) {
                throw new IllegalArgumentException("the vault " + what + " '" + value.replace("\n", "\\n").replace("\r", "\\r")
                        .replace("\0", "\\0") + "' contains " + bad + ": scopes and names must not contain '/', '=', ':', line breaks or NUL");
            }
        }
    }

    private static Path path(BundleContext context, String property) {
        String value = context.getProperty(property);
        return value == null || value.isBlank() ? null : Paths.get(value.trim());
    }
}
