package dev.tributary.extract.internal;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Test files, written on the spot with the libraries Tika itself reads them with. */
final class Fixtures {

    static {
        // writing a standard-14 font asks PDFBox's font mapper too: keep the default one (which
        // scans the system's fonts and caches them in ~) out of this JVM, as the extractor does
        FontMappers.set(new BundledFontMapper());
    }

    private Fixtures() {}

    static byte[] pdf(String title, String author, List<String> lines) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            writePage(doc, lines);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setAuthor(author);
            return save(doc);
        }
    }

    /** Opens only with the user password "user-secret". */
    static byte[] encryptedPdf(String line) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            writePage(doc, List.of(line));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            return save(doc);
        }
    }

    private static void writePage(PDDocument doc, List<String> lines) throws IOException {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
            content.beginText();
            // a standard-14 font is not embedded: PDFBox asks its font mapper for it
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            content.newLineAtOffset(72, 720);
            for (String line : lines) {
                content.showText(line);
                content.newLineAtOffset(0, -16);
            }
            content.endText();
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    static byte[] docx(String title, String author, String... paragraphs) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String paragraph : paragraphs) {
                doc.createParagraph().createRun().setText(paragraph);
            }
            POIXMLProperties.CoreProperties core = doc.getProperties().getCoreProperties();
            core.setTitle(title);
            core.setCreator(author);
            doc.write(out);
            return out.toByteArray();
        }
    }

    static byte[] xlsx(String cell) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            book.createSheet("Sheet").createRow(0).createCell(0).setCellValue(cell);
            book.write(out);
            return out.toByteArray();
        }
    }

    static byte[] xls(String cell) throws IOException {
        try (HSSFWorkbook book = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            book.createSheet("Sheet").createRow(0).createCell(0).setCellValue(cell);
            book.write(out);
            return out.toByteArray();
        }
    }

    static byte[] pptx(String text) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSLFTextBox box = show.createSlide().createTextBox();
            box.setAnchor(new Rectangle(50, 50, 400, 100));
            box.setText(text);
            show.write(out);
            return out.toByteArray();
        }
    }

    static byte[] ppt(String text) throws IOException {
        try (HSLFSlideShow show = new HSLFSlideShow(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            HSLFTextBox box = show.createSlide().createTextBox();
            box.setAnchor(new Rectangle(50, 50, 400, 100));
            box.setText(text);
            show.write(out);
            return out.toByteArray();
        }
    }

    /** The smallest OpenDocument text a reader accepts: mimetype first and stored, content, meta. */
    static byte[] odt(String title, String author, String paragraph) throws IOException {
        String office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<office:document-content xmlns:office=\"" + office + "\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text><text:p>" + paragraph + "</text:p></office:text></office:body>"
                + "</office:document-content>";
        String meta = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<office:document-meta xmlns:office=\"" + office + "\""
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\">"
                + "<office:meta><dc:title>" + title + "</dc:title><dc:creator>" + author + "</dc:creator></office:meta>"
                + "</office:document-meta>";
        String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] mimetype = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(mimetype.length);
            CRC32 crc = new CRC32();
            crc.update(mimetype);
            first.setCrc(crc.getValue());
            zip.putNextEntry(first);
            zip.write(mimetype);
            zip.closeEntry();
            put(zip, "META-INF/manifest.xml", manifest);
            put(zip, "content.xml", content);
            put(zip, "meta.xml", meta);
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    static byte[] rtf(String title, String author, String text) {
        return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Helvetica;}}"
                + "{\\info{\\title " + title + "}{\\author " + author + "}}"
                + "\\f0\\fs24 " + text + "\\par}").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] html(String title, String author, String paragraph) {
        return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<meta name=\"author\" content=\"" + author + "\"></head>"
                + "<body><h1>" + title + "</h1><p>" + paragraph + "</p><script>var hidden = 1;</script></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
