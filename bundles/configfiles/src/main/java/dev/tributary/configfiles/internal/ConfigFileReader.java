package dev.tributary.configfiles.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** Reads a {@code .cfg} file: {@code key = value} lines in UTF-8 ({@link Properties} syntax), values trimmed. */
final class ConfigFileReader {

    /** Properties Configuration Admin and FileInstall keep themselves; a file cannot set them. */
    static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            FactoryConfigFiles.FILENAME);

    /** Far above any real configuration; Configuration Admin would keep a copy of whatever is read. */
    static final long MAX_BYTES = 1 << 20;

    private ConfigFileReader() {}

    /**
     * The file's properties, without {@link #BOOKKEEPING} keys.
     *
     * @throws InvalidFileException saying why the file cannot be read
     */
    static Map<String, String> read(Path file) throws InvalidFileException {
        Properties p = new Properties();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidFileException("it is " + Files.size(file) + " bytes long; a configuration file holds at most " + MAX_BYTES
                        + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    // UTF-16 text of ASCII characters is valid UTF-8 with a NUL between them: it would be read as nonsense keys
                    throw new InvalidFileException("it is not UTF-8 text (it holds NUL bytes: saved as UTF-16, or not text at all)");
                }
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            // a byte order mark (Windows editors write one) is not part of the first key
            p.load(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
        } catch (CharacterCodingException e) {
            throw new InvalidFileException("it is not UTF-8 text");
        } catch (AccessDeniedException e) {
            throw new InvalidFileException("it cannot be read (permission denied for the host's user)");
        } catch (NoSuchFileException e) {
            throw new InvalidFileException("it disappeared while being read");
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException("it is not in key = value form (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidFileException("it cannot be read (" + e + ")");
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.isBlank()) {
                throw new InvalidFileException("a line has a value but no key (' = " + Quoted.of(p.getProperty(key).trim()) + "')");
            }
            if (!BOOKKEEPING.contains(key)) {
                values.put(key, p.getProperty(key).trim());
            }
        }
        return values;
    }

    /** A file that cannot be applied; the message says why, as the end of "cannot apply the file: ...". */
    static final class InvalidFileException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidFileException(String reason) {
            super(reason, null, false, false);
        }
    }
}
