package dev.tributary.extract.internal;

import dev.tributary.api.extract.Extracted;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fast path for files that are what their name says, plain UTF-8 text: most of a file share is
 * notes, logs and Markdown, and Tika's type detection (hundreds of magic patterns per file) costs
 * far more than reading them. A file qualifies only when its extension is a plain-text one and its
 * first bytes are valid UTF-8 without NUL bytes (or UTF-16 without a byte order mark, which Tika
 * takes for binary); anything else (a PDF named .txt, UTF-16 with a byte order mark, Latin-1) goes to
 * Tika, which gets the bytes already read back in front of the rest.
 */
final class PlainText {

    /** How much is checked before trusting the name; a later bad byte becomes U+FFFD. */
    static final int PROBE = 8192;

    private static final Map<String, String> TYPES = Map.of(
            "txt", "text/plain", "text", "text/plain", "log", "text/plain",
            "md", "text/x-web-markdown", "markdown", "text/x-web-markdown", "csv", "text/csv");

    private PlainText() {
    }

    /** The type a file name claims, when it is a plain-text one. */
    static Optional<String> typeOf(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** What {@link #read} found: the text, or the stream to hand to Tika instead (nothing lost). */
    record Result(Extracted extracted, InputStream notPlain) {}

    static Result read(InputStream in, String mimeType, int maxChars) throws IOException {
        byte[] head = in.readNBytes(PROBE);
        Charset charset = isUtf8Text(head, head.length == PROBE) ? StandardCharsets.UTF_8 : utf16WithoutBom(head);
        if (charset == null) {
            return new Result(null, new SequenceInputStream(new ByteArrayInputStream(head), in));
        }
        int skip = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(head, skip, head.length - skip), in);
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        Reader reader = new InputStreamReader(all, decoder);
        StringBuilder text = new StringBuilder(Math.min(maxChars, head.length));
        char[] buffer = new char[8192];
        boolean truncated = false;
        int n;
        while ((n = reader.read(buffer)) > 0) {
            int room = maxChars - text.length();
            if (n > room) {
                text.append(buffer, 0, room);
                truncated = true;
                break;
            }
            text.append(buffer, 0, n);
        }
        return new Result(new Extracted(text.toString(), mimeType, null, null, truncated), null);
    }

    /**
     * UTF-16 saved without a byte order mark (Tika then sees binary and finds no text): recognised
     * when it is mostly Latin-script text, where every other byte is NUL — on the same side of each
     * pair throughout (little-endian: the second; big-endian: the first). Other scripts are left to Tika.
     *
     * @return the charset, or null when the bytes do not look like that
     */
    static Charset utf16WithoutBom(byte[] bytes) {
        int pairs = bytes.length / 2;
        if (pairs < 4 || (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            return null;
        }
        int zeroFirst = 0;
        int zeroSecond = 0;
        for (int i = 0; i + 1 < bytes.length; i += 2) {
            boolean first = bytes[i] == 0;
            boolean second = bytes[i + 1] == 0;
            if (first && second) {
                return null; // a NUL character: binary
            }
            zeroFirst += first ? 1 : 0;
            zeroSecond += second ? 1 : 0;
        }
        if (zeroSecond >= pairs * 0.9 && zeroFirst == 0) {
            return StandardCharsets.UTF_16LE;
        }
        if (zeroFirst >= pairs * 0.9 && zeroSecond == 0) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** Valid UTF-8 without NUL; a sequence cut by the end of a full probe buffer is allowed. */
    static boolean isUtf8Text(byte[] bytes, boolean more) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int length = bytes.length;
        if (more) {
            // drop an incomplete last sequence (at most 3 bytes of a 4-byte character)
            int i = length - 1;
            while (i >= 0 && i >= length - 3 && (bytes[i] & 0xC0) == 0x80) {
                i--;
            }
            if (i >= 0 && (bytes[i] & 0xC0) == 0xC0) {
                length = i;
            }
        }
        try {
            strict.decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
