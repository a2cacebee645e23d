package dev.tributary.api.extract;

import java.io.IOException;
import java.io.InputStream;
import org.osgi.annotation.versioning.ProviderType;

/** Reads the text out of files. Implemented by the host's extraction service; thread-safe. */
@ProviderType
public interface TextExtractor {

    /**
     * @param content   the file's bytes (not closed by this method)
     * @param fileName  its name, a hint for type detection
     * @param maxChars  at most this many characters of text are returned
     * @throws ExtractionException when the file cannot be read as its type (damaged, encrypted …)
     */
    Extracted extract(InputStream content, String fileName, int maxChars) throws IOException, ExtractionException;

    /** A file that cannot be read as its type; the message says why, for the run's failure list. */
    final class ExtractionException extends Exception {
        private static final long serialVersionUID = 1L;

        public ExtractionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
