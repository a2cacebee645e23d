package dev.tributary.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.extract.Extracted;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain UTF-8 text skips Tika; whatever only looks like it by name still gets Tika, with nothing lost. */
class PlainTextTest {

    private static final TikaTextExtractor EXTRACTOR = new TikaTextExtractor(Duration.ofSeconds(30));

    private static Extracted extract(byte[] bytes, String name, int maxChars) throws Exception {
        return EXTRACTOR.extract(new ByteArrayInputStream(bytes), name, maxChars);
    }

    @Test
    void utf8TextIsReadAsIs() throws Exception {
        Extracted x = extract("Grüße aus Köln\nzweite Zeile\n".getBytes(StandardCharsets.UTF_8), "notes.TXT", 1000);

        assertThat(x.text()).isEqualTo("Grüße aus Köln\nzweite Zeile\n");
        assertThat(x.mimeType()).isEqualTo("text/plain");
        assertThat(x.truncated()).isFalse();
        assertThat(extract("# Title".getBytes(StandardCharsets.UTF_8), "README.md", 1000).mimeType()).isEqualTo("text/x-web-markdown");
    }

    @Test
    void aByteOrderMarkIsNotText() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'};

        assertThat(extract(bom, "a.txt", 1000).text()).isEqualTo("hi");
    }

    @Test
    void aCharacterAcrossTheProbeBoundaryStaysPlainText() throws Exception {
        String text = "x".repeat(PlainText.PROBE - 1) + "€ and more";

        Extracted x = extract(text.getBytes(StandardCharsets.UTF_8), "long.log", 100_000);

        assertThat(x.text()).isEqualTo(text);
    }

    @Test
    void cutAtMaxChars() throws Exception {
        Extracted x = extract("abcdefghij".repeat(2000).getBytes(StandardCharsets.UTF_8), "a.txt", 15);

        assertThat(x.text()).isEqualTo("abcdefghijabcde");
        assertThat(x.truncated()).isTrue();
    }

    @Test
    void aPdfNamedTxtStillGoesToTika() throws Exception {
        Extracted x = extract(Fixtures.pdf("t", "a", List.of("Hidden in a PDF")), "notes.txt", 1000);

        assertThat(x.mimeType()).isEqualTo("application/pdf");
        assertThat(x.text()).contains("Hidden in a PDF");
    }

    @Test
    void otherEncodingsGoToTikaWithTheirFirstBytes() throws Exception {
        String german = "Grüße aus Köln, schöne Grüße";
        Extracted latin1 = extract(german.getBytes(StandardCharsets.ISO_8859_1), "old.txt", 1000);
        Extracted utf16 = extract("\uFEFFWide text here".getBytes(StandardCharsets.UTF_16BE), "wide.txt", 1000);

        // Tika guesses the 8-bit charset of so short a text (KOI8-R here); what matters is that every byte reached it
        assertThat(latin1.text().strip()).hasSize(german.length()).startsWith("Gr").contains(" aus K", "ln, sch");
        assertThat(utf16.text()).contains("Wide text here");
    }

    @Test
    void utf16WithoutAByteOrderMarkIsReadWhenItIsMostlyLatinText() throws Exception {
        String text = "Grüße aus Köln, Straße 12\n";
        assertThat(extract(text.getBytes(StandardCharsets.UTF_16LE), "le.txt", 1000).text()).isEqualTo(text);
        assertThat(extract(text.getBytes(StandardCharsets.UTF_16BE), "be.md", 1000).text()).isEqualTo(text);
        assertThat(PlainText.utf16WithoutBom(new byte[] {'a', 0, 0, 0, 'b', 0, 'c', 0, 'd', 0})).as("a NUL character").isNull();
        assertThat(PlainText.utf16WithoutBom("\uFEFFab cd".getBytes(StandardCharsets.UTF_16LE))).as("with a mark: Tika's").isNull();
        assertThat(PlainText.utf16WithoutBom("日本語のテキスト".getBytes(StandardCharsets.UTF_16LE))).isNull();
    }

    @Test
    void probeRules() {
        assertThat(PlainText.isUtf8Text(new byte[] {'a', 0, 'b'}, false)).isFalse();
        assertThat(PlainText.isUtf8Text(new byte[] {'a', (byte) 0xE2, (byte) 0x82}, true)).isTrue();
        assertThat(PlainText.isUtf8Text(new byte[] {'a', (byte) 0xE2, (byte) 0x82}, false)).isFalse();
        assertThat(PlainText.typeOf("x.pdf")).isEmpty();
        assertThat(PlainText.typeOf(null)).isEmpty();
        assertThat(PlainText.typeOf("noextension")).isEmpty();
    }
}
