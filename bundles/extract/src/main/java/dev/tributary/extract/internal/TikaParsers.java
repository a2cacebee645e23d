package dev.tributary.extract.internal;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaException;
import org.apache.tika.parser.AutoDetectParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one Tika parser this bundle uses, from the parsers embedded in it.
 *
 * <p>Tika's zip-bomb guard stays as AutoDetectParser sets it up (more than 1 M characters of output
 * at over 100 per input byte, or nesting deeper than 100 documents or 10 archives, is refused).
 * Temporary files go to java.io.tmpdir (Tika, PDFBox and POI all default to it) and are deleted
 * after each file.
 */
final class TikaParsers {

    private static final Logger LOG = LoggerFactory.getLogger(TikaParsers.class);

    private TikaParsers() {}

    /**
     * @param loader the bundle's class loader: Tika finds parsers and detectors through the
     *               META-INF/services files of the embedded jars, which only this loader sees
     */
    static AutoDetectParser create(ClassLoader loader) throws IOException {
        long started = System.nanoTime();
        // before any PDF: PDFBox's default font mapper scans every system font and writes a cache to ~
        FontMappers.set(new BundledFontMapper());
        try (ContextClassLoader ignored = ContextClassLoader.set(loader)) {
            // TikaConfig(ClassLoader) is the built-in default: it reads no tika-config.xml from the
            // environment, so no host setting can switch on OCR or external (process-spawning) parsers
            AutoDetectParser parser = new AutoDetectParser(new TikaConfig(loader));
            LOG.info("Text extraction ready: {} types in {} ms",
                    parser.getSupportedTypes(null).size(), (System.nanoTime() - started) / 1_000_000);
            return parser;
        } catch (TikaException e) {
            throw new IOException("Tika could not start: " + e.getMessage(), e);
        }
    }
}
