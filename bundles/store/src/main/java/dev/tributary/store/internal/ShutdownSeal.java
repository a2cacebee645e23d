package dev.tributary.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * {@code shutdown.seal} beside the database files: the key id and each file's size and CRC32C as the
 * host left them when it shut the store down. A store whose files still match its seal was not
 * touched since, so {@link StoreCheck} need not read every row of it again: checksumming the files
 * costs a fraction of that (the scan grows with the store and held every start back by it). The seal
 * is removed before the store is opened for writing, so it never vouches for files changed since.
 */
final class ShutdownSeal {

    static final String FILE = "shutdown.seal";
    private static final String KEY = "key";

    private ShutdownSeal() {}

    /** Records the files of the store in {@code directory}, just shut down, under key {@code keyId}. */
    static void write(Path directory, String keyId) throws IOException {
        StringBuilder text = new StringBuilder(KEY).append(' ').append(keyId).append('\n');
        files(directory).forEach((name, sum) -> text.append(name).append(' ').append(sum).append('\n'));
        Path tmp = directory.resolve(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the store's files and key are still those of its seal; false when there is none or it cannot be read. */
    static boolean holds(Path directory, String keyId) throws IOException {
        Map<String, String> sealed = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(directory.resolve(FILE), StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    sealed.put(line.substring(0, space), line.substring(space + 1));
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false; // an unreadable seal vouches for nothing: the store is read in full
        }
        String key = sealed.remove(KEY);
        return keyId.equals(key) && !sealed.isEmpty() && sealed.equals(files(directory));
    }

    /** Removes the seal: the store is about to change. */
    static void remove(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve(FILE));
    }

    /** The database's files by name, each as {@code <size> <crc32c>}. */
    private static Map<String, String> files(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(directory, Database.NAME + ".*")) {
            for (Path f : all) {
                if (Files.isRegularFile(f)) {
                    files.put(f.getFileName().toString(), checksum(f));
                }
            }
        }
        return files;
    }

    private static String checksum(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(buffer)) >= 0; ) {
                size += n;
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return size + " " + Long.toHexString(crc.getValue());
    }
}
