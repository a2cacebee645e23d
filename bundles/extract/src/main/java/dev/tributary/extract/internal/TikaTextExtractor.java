package dev.tributary.extract.internal;

import dev.tributary.api.extract.Extracted;
import dev.tributary.api.extract.TextExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * The host's {@link TextExtractor}: Apache Tika, embedded in this bundle.
 *
 * <p>Tika is built on the first file, not on activation: loading its parsers and type database takes
 * a moment and most host starts extract nothing for a while. Thread-safe: the parser is stateless,
 * everything else lives per call.
 */
@Component(service = TextExtractor.class)
@Designate(ocd = TikaTextExtractor.Config.class)
public final class TikaTextExtractor implements TextExtractor {

    @ObjectClassDefinition(
            name = "Tributary text extraction",
            description = "Reads text and metadata out of PDF, Office, OpenDocument, RTF, HTML, Markdown and text files.")
    public @interface Config {
        @AttributeDefinition(
                name = "Time limit per file (seconds)",
                description = "A file still producing text after this long is given up as unreadable.",
                min = "1")
        int timeLimitSeconds() default 60;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TikaTextExtractor.class);

    private final Duration timeLimit;
    private volatile AutoDetectParser parser;

    @Activate
    public TikaTextExtractor(Config config) {
        this(Duration.ofSeconds(Math.max(1, config.timeLimitSeconds())));
    }

    TikaTextExtractor(Duration timeLimit) {
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    }

    @Override
    public Extracted extract(InputStream content, String fileName, int maxChars)
            throws IOException, ExtractionException {
        Objects.requireNonNull(content, "content");
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
        }
        Optional<String> plainType = PlainText.typeOf(fileName);
        if (plainType.isPresent()) {
            PlainText.Result plain = PlainText.read(content, plainType.get(), maxChars);
            if (plain.extracted() != null) {
                return plain.extracted();
            }
            content = plain.notPlain();
        }
        AutoDetectParser tika = parser();
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        long started = System.nanoTime();
        PushbackInputStream in = new PushbackInputStream(CloseShieldInputStream.wrap(content), 1);
        Extracted extracted;
        if (isEmpty(in)) {
            // a parser would call an empty .pdf damaged; it is just empty
            metadata.set(Metadata.CONTENT_TYPE, tika.getDetector().detect(null, metadata).toString());
            extracted = TikaResults.extracted("", metadata, false);
        } else {
            BodyContentHandler body = new BodyContentHandler(maxChars);
            boolean truncated = parse(tika, in, body, metadata);
            extracted = TikaResults.extracted(body.toString(), metadata, truncated);
        }
        LOG.debug("Extracted {} characters{} from {} ({}) in {} ms", extracted.text().length(),
                extracted.truncated() ? " (truncated)" : "", fileName, extracted.mimeType(),
                (System.nanoTime() - started) / 1_000_000);
        return extracted;
    }

    private static boolean isEmpty(PushbackInputStream in) throws IOException {
        int first = in.read();
        if (first == -1) {
            return true;
        }
        in.unread(first);
        return false;
    }

    /** @return whether the text limit was reached (not an error: the text so far is kept) */
    private boolean parse(AutoDetectParser tika, InputStream in, BodyContentHandler body, Metadata metadata)
            throws IOException, ExtractionException {
        // XMLBeans (inside POI) and some JAXP lookups find their classes through the context loader
        try (ContextClassLoader ignored = ContextClassLoader.set(getClass().getClassLoader())) {
            tika.parse(in, new DeadlineContentHandler(body, timeLimit), metadata, new ParseContext());
            return false;
        } catch (SAXException | TikaException | RuntimeException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                return true;
            }
            throw Failures.of(TikaResults.mimeType(metadata), e, timeLimit);
        } catch (LinkageError e) {
            // a parser reached for a library left out of the bundle (e.g. Access, Outlook .pst)
            throw Failures.of(TikaResults.mimeType(metadata), e, timeLimit);
        }
    }

    private AutoDetectParser parser() throws IOException {
        AutoDetectParser built = parser;
        if (built == null) {
            synchronized (this) {
                built = parser;
                if (built == null) {
                    built = TikaParsers.create(getClass().getClassLoader());
                    parser = built;
                }
            }
        }
        return built;
    }
}
