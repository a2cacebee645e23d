package dev.tributary.extract.internal;

import java.time.Duration;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Stops a parse that is still producing output after its time limit, the way Tika's
 * SecureContentHandler stops zip bombs: by throwing from the next SAX event. A parser that loops
 * without output is not stopped (only a separate process could do that), but no thread is left behind.
 */
final class DeadlineContentHandler extends ContentHandlerDecorator {

    /** Thrown from a SAX event once the deadline has passed. */
    static final class TimeLimitExceeded extends SAXException {
        private static final long serialVersionUID = 1L;

        TimeLimitExceeded(Duration limit) {
            super("time limit of " + limit.toSeconds() + " s exceeded");
        }
    }

    private final Duration limit;
    private final long deadline;

    DeadlineContentHandler(ContentHandler handler, Duration limit) {
        super(handler);
        this.limit = limit;
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    @Override
    public void startElement(String uri, String localName, String name, Attributes atts) throws SAXException {
        check();
        super.startElement(uri, localName, name, atts);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        check();
        super.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        check();
        super.ignorableWhitespace(ch, start, length);
    }

    private void check() throws TimeLimitExceeded {
        if (System.nanoTime() - deadline > 0) {
            throw new TimeLimitExceeded(limit);
        }
    }
}
