package dev.tributary.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What slf4j-simple writes to System.err while open (it looks System.err up on every line), still
 * passed on to System.err. For tests that assert on log lines.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The lines captured so far at {@code level} (e.g. {@code WARN}). */
    public synchronized List<String> lines(String level) {
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> l.contains(" " + level + " ")).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
