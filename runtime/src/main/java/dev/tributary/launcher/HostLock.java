package dev.tributary.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * An OS file lock on {@code data/tributary.lock}: held for the host's lifetime and released by the
 * OS when the process dies, even by {@code kill -9}. The file also names the holder's pid, which
 * is trusted only while the lock is held.
 */
public final class HostLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HostLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @return the lock, or empty if another process (or this one) holds it
     */
    public static java.util.Optional<HostLock> tryAcquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        // A status check briefly takes the lock to probe it: wait that out before giving up.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l != null) {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                ch.force(false);
                return java.util.Optional.of(new HostLock(ch, l));
            }
            if (System.nanoTime() > deadline) {
                ch.close();
                return java.util.Optional.empty();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ch.close();
                return java.util.Optional.empty();
            }
        }
    }

    /**
     * The pid of the running host on this data directory, or empty when no host holds the lock.
     */
    public static OptionalLong holder(Path file) throws IOException {
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                probe = null; // held by this JVM
            }
            if (probe != null) {
                probe.release();
                return OptionalLong.empty();
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return OptionalLong.of(-1); // locked, but the pid is not written yet
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
