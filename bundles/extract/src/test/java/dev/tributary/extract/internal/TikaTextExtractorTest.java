package dev.tributary.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.extract.Extracted;
import dev.tributary.api.extract.TextExtractor.ExtractionException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TikaTextExtractorTest {

    private static final int LIMIT = 100_000;
    private static final TikaTextExtractor EXTRACTOR = new TikaTextExtractor(Duration.ofSeconds(60));

    private static Extracted extract(byte[] bytes, String fileName) throws Exception {
        return EXTRACTOR.extract(new ByteArrayInputStream(bytes), fileName, LIMIT);
    }

    @Test
    void pdfGivesTextTitleAndAuthor() throws Exception {
        Extracted pdf = extract(Fixtures.pdf("Quarterly report", "Ada Lovelace",
                List.of("Revenue grew in the third quarter.", "Costs stayed flat.")), "report.pdf");

        assertThat(pdf.text()).contains("Revenue grew in the third quarter.").contains("Costs stayed flat.");
        assertThat(pdf.mimeType()).isEqualTo("application/pdf");
        assertThat(pdf.title()).isEqualTo("Quarterly report");
        assertThat(pdf.author()).isEqualTo("Ada Lovelace");
        assertThat(pdf.truncated()).isFalse();
    }

    @Test
    void docxGivesTextTitleAndAuthor() throws Exception {
        Extracted docx = extract(Fixtures.docx("Meeting notes", "Grace Hopper", "First point.", "Second point."),
                "notes.docx");

        assertThat(docx.text()).contains("First point.").contains("Second point.");
        assertThat(docx.mimeType()).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(docx.title()).isEqualTo("Meeting notes");
        assertThat(docx.author()).isEqualTo("Grace Hopper");
    }

    static Stream<Arguments> formats() throws IOException {
        return Stream.of(
                Arguments.of("sheet.xlsx", Fixtures.xlsx("Cell in a workbook"), "Cell in a workbook",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                Arguments.of("sheet.xls", Fixtures.xls("Cell in an old workbook"), "Cell in an old workbook",
                        "application/vnd.ms-excel"),
                Arguments.of("deck.pptx", Fixtures.pptx("Text on a slide"), "Text on a slide",
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                Arguments.of("deck.ppt", Fixtures.ppt("Text on an old slide"), "Text on an old slide",
                        "application/vnd.ms-powerpoint"),
                Arguments.of("letter.odt", Fixtures.odt("Letter", "Ada", "Dear reader"), "Dear reader",
                        "application/vnd.oasis.opendocument.text"),
                Arguments.of("memo.rtf", Fixtures.rtf("Memo", "Ada", "Rich text body"), "Rich text body",
                        "application/rtf"),
                Arguments.of("page.html", Fixtures.html("Welcome", "Ada", "Body of the page"), "Body of the page",
                        "text/html"),
                Arguments.of("README.md", Fixtures.utf8("# Setup\n\nRun the *installer* first.\n"),
                        "Run the *installer* first.", "text/x-web-markdown"),
                Arguments.of("notes.txt", Fixtures.utf8("Plain notes, äöü included.\n"), "Plain notes, äöü included.",
                        "text/plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void readsEveryFormatWeIndex(String fileName, byte[] bytes, String expectedText, String expectedType)
            throws Exception {
        Extracted extracted = extract(bytes, fileName);

        assertThat(extracted.text()).contains(expectedText);
        assertThat(extracted.mimeType()).isEqualTo(expectedType);
    }

    @Test
    void metadataOfOtherFormats() throws Exception {
        assertThat(extract(Fixtures.odt("Letter", "Ada", "Dear reader"), "letter.odt"))
                .extracting(Extracted::title, Extracted::author).containsExactly("Letter", "Ada");
        assertThat(extract(Fixtures.rtf("Memo", "Grace", "Body"), "memo.rtf"))
                .extracting(Extracted::title, Extracted::author).containsExactly("Memo", "Grace");
        Extracted html = extract(Fixtures.html("Welcome", "Ada", "Body of the page"), "page.html");
        assertThat(html.title()).isEqualTo("Welcome");
        assertThat(html.author()).isEqualTo("Ada");
        assertThat(html.text()).doesNotContain("<p>").doesNotContain("hidden");
    }

    @Test
    void typeIsDetectedFromContentWhenTheNameIsMissingOrWrong() throws Exception {
        byte[] pdf = Fixtures.pdf("t", "a", List.of("Named wrongly"));

        assertThat(extract(pdf, null).mimeType()).isEqualTo("application/pdf");
        assertThat(extract(pdf, "image.png").text()).contains("Named wrongly");
    }

    @Test
    void textIsCutAtMaxChars() throws Exception {
        byte[] text = Fixtures.utf8("word ".repeat(10_000));

        Extracted cut = EXTRACTOR.extract(new ByteArrayInputStream(text), "long.txt", 100);
        Extracted whole = EXTRACTOR.extract(new ByteArrayInputStream(text), "long.txt", 60_000);

        assertThat(cut.truncated()).isTrue();
        assertThat(cut.text()).hasSizeLessThanOrEqualTo(100).startsWith("word word");
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.text()).hasSize(50_000);
    }

    @Test
    void truncationAlsoWorksInsideOfficeFiles() throws Exception {
        byte[] docx = Fixtures.docx("t", "a", "x".repeat(5_000), "y".repeat(5_000));

        Extracted cut = EXTRACTOR.extract(new ByteArrayInputStream(docx), "big.docx", 6_000);

        assertThat(cut.truncated()).isTrue();
        assertThat(cut.text()).hasSizeLessThanOrEqualTo(6_000).contains("xxxxx");
        assertThat(cut.title()).isEqualTo("t");
    }

    @Test
    void emptyFileGivesEmptyText() throws Exception {
        Extracted empty = extract(new byte[0], "empty.txt");

        assertThat(empty.text()).isEmpty();
        assertThat(empty.truncated()).isFalse();
        assertThat(extract(new byte[0], "empty.pdf").text()).isEmpty();
    }

    @Test
    void damagedPdfFailsWithTypeAndReason() throws Exception {
        byte[] pdf = Fixtures.pdf("t", "a", List.of("Some text"));
        byte[] damaged = Arrays.copyOf(pdf, 200);

        assertThatThrownBy(() -> extract(damaged, "damaged.pdf"))
                .isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("application/pdf: damaged or unreadable (")
                .hasMessageNotContaining("\n").hasMessageNotContaining("\tat ");
    }

    @Test
    void randomBytesNamedPdfFail() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);

        assertThatThrownBy(() -> extract(noise, "noise.pdf"))
                .isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("application/pdf: damaged or unreadable (");
    }

    @Test
    void encryptedPdfSaysSo() {
        assertThatThrownBy(() -> extract(Fixtures.encryptedPdf("Secret"), "secret.pdf"))
                .isInstanceOf(ExtractionException.class)
                .hasMessage("application/pdf: encrypted (a password is needed)");
    }

    @Test
    void zipBombIsRefused() throws Exception {
        // ~6 MB of text deflates to a few KB: far beyond any real document's ratio
        byte[] bomb = Fixtures.docx("bomb", "a", "ab ".repeat(2_000_000));
        assertThat(bomb.length).isLessThan(100_000);

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(bomb), "bomb.docx", 10_000_000))
                .isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("application/vnd.openxmlformats-officedocument.wordprocessingml.document: refused (")
                .hasMessageContaining("zip bomb");
    }

    @Test
    void formatsLeftOutOfTheBundleGiveNoTextOrSaySo() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);

        // Access: Tika cannot load its parser without Jackcess, so the file is like any unknown type
        assertThat(extract(noise, "orders.mdb"))
                .extracting(Extracted::text, Extracted::mimeType).containsExactly("", "application/x-msaccess");
        // Outlook .pst: the parser loads but fails on the missing library when it reads
        assertThatThrownBy(() -> extract(noise, "mail.pst"))
                .isInstanceOf(ExtractionException.class)
                .hasMessage("application/vnd.ms-outlook-pst: not supported (its parser needs a library this host does not include)");
    }

    @Test
    void rejectsANegativeLimit() {
        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(new byte[1]), "a.txt", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeLimitStopsAParse() {
        TikaTextExtractor impatient = new TikaTextExtractor(Duration.ofNanos(1));

        assertThatThrownBy(() -> impatient.extract(new ByteArrayInputStream(Fixtures.html("t", "a", "some text")), "a.html", LIMIT))
                .isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("text/html: gave up after the time limit");
    }

    @Test
    void readErrorsOfTheSourceStayIoExceptions() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> EXTRACTOR.extract(failing, "remote.pdf", LIMIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
    }

    @Test
    void leavesTheStreamOpenAndTheContextClassLoaderAsItWas() throws Exception {
        boolean[] closed = {false};
        InputStream content = new FilterInputStream(new ByteArrayInputStream(Fixtures.docx("t", "a", "text"))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        EXTRACTOR.extract(content, "a.docx", LIMIT);

        assertThat(closed[0]).isFalse();
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Extracted>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String marker = "Document number " + i;
                byte[] bytes = i % 2 == 0 ? Fixtures.pdf("t" + i, "a", List.of(marker)) : Fixtures.docx("t" + i, "a", marker);
                String name = i % 2 == 0 ? "f.pdf" : "f.docx";
                results.add(pool.submit(() -> extract(bytes, name)));
            }
            for (int i = 0; i < results.size(); i++) {
                Extracted extracted = results.get(i).get(60, TimeUnit.SECONDS);
                assertThat(extracted.text()).contains("Document number " + i);
                assertThat(extracted.title()).isEqualTo("t" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pdfFontsNeedNoCacheInTheHomeDirectory(@TempDir Path home) throws Exception {
        byte[] pdf = Fixtures.pdf("t", "a", List.of("Helvetica is not embedded"));
        String realHome = System.getProperty("user.home");
        FontMappers.set(null); // back to PDFBox's default, which would scan fonts and write ~/.pdfbox.cache
        System.setProperty("user.home", home.toString());
        try {
            Extracted extracted = new TikaTextExtractor(Duration.ofSeconds(60))
                    .extract(new ByteArrayInputStream(pdf), "f.pdf", LIMIT);

            assertThat(extracted.text()).contains("Helvetica is not embedded");
        } finally {
            System.setProperty("user.home", realHome);
            FontMappers.set(new BundledFontMapper());
        }
        try (Stream<Path> written = Files.list(home)) {
            assertThat(written).isEmpty();
        }
    }
}
