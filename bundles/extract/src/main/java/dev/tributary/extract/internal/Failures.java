package dev.tributary.extract.internal;

import dev.tributary.api.extract.TextExtractor.ExtractionException;
import java.time.Duration;
import java.util.Locale;
import org.apache.tika.exception.EncryptedDocumentException;

/**
 * Short reasons for the run's failure list: "application/pdf: encrypted (a password is needed)",
 * "application/pdf: damaged or unreadable (Page tree root must be a dictionary)".
 * The type comes first so a reader sees at once which kind of file failed; never a stack trace.
 */
final class Failures {

    private static final int MAX_REASON = 200;

    private Failures() {}

    static ExtractionException of(String mimeType, Throwable failure, Duration timeLimit) {
        return new ExtractionException(mimeType + ": " + reason(failure, timeLimit), failure);
    }

    private static String reason(Throwable failure, Duration timeLimit) {
        if (causedBy(failure, DeadlineContentHandler.TimeLimitExceeded.class)) {
            return "gave up after the time limit of " + timeLimit.toSeconds() + " s";
        }
        if (causedBy(failure, EncryptedDocumentException.class)
                || causedBy(failure, org.apache.poi.EncryptedDocumentException.class)) {
            return "encrypted (a password is needed)";
        }
        if (failure instanceof LinkageError) {
            return "not supported (its parser needs a library this host does not include)";
        }
        String detail = detail(failure);
        if (detail.toLowerCase(Locale.ROOT).contains("zip bomb")) {
            return "refused (" + detail + ")";
        }
        return "damaged or unreadable (" + detail + ")";
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost message: Tika's wrappers say which parser failed ("TIKA-198: Illegal IOException
     * from org.apache.tika.parser.pdf.PDFParser@1a2b"), the library below says why.
     */
    private static String detail(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String detail = message == null || message.isBlank()
                ? root.getClass().getSimpleName()
                : message.replaceAll("\\s+", " ").strip();
        return detail.length() <= MAX_REASON ? detail : detail.substring(0, MAX_REASON - 1) + "…";
    }
}
