package dev.tributary.configfiles.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
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

    private ConfigFileReader() {}

    /**
     * The file's properties, without {@link #BOOKKEEPING} keys.
     *
     * @throws InvalidFileException saying why the file cannot be read
     */
    static Map<String, String> read(Path file) throws InvalidFileException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
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
                throw new InvalidFileException("a line has a value but no key (' = " + p.getProperty(key).trim() + "')");
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
