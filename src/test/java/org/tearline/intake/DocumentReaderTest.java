package org.tearline.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tearline.error.PayloadTooLargeException;
import org.tearline.error.UnprocessableException;
import org.tearline.error.UnsupportedMediaTypeException;

/** Documents to text: what is read of each type, and the refusals, each naming its limit. */
class DocumentReaderTest {

    final DocumentReader reader = new DocumentReader(new DocumentReader.Limits(64 * 1024, 3, Duration.ofSeconds(30)));

    @AfterEach
    void close() {
        reader.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A PDF with one line of text on each page. */
    public static byte[] pdf(String... pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                    s.beginText();
                    s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    s.newLineAtOffset(72, 700);
                    s.showText(text);
                    s.endText();
                }
            }
            doc.getDocumentInformation().setTitle("Security Alert");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void plainTextIsReadAsOnePage() {
        DocumentReader.Read r = reader.read(utf8("\uFEFFAlert: Moscow\nline two"), "text/plain; charset=utf-8");

        assertThat(r.mediaType()).isEqualTo("text/plain");
        assertThat(r.text().pages()).containsExactly("Alert: Moscow\nline two");
        assertThat(r.title()).isNull();
    }

    @Test
    void binaryIsNotTakenForText() {
        assertThatThrownBy(() -> reader.read(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, "text/plain"))
                .isInstanceOf(UnsupportedMediaTypeException.class)
                .hasMessageContaining("not UTF-8")
                .hasMessageContaining("application/pdf");
        assertThatThrownBy(() -> reader.read(new byte[] {'a', 0, 'b'}, null))
                .isInstanceOf(UnsupportedMediaTypeException.class)
                .hasMessageContaining("binary");
    }

    @Test
    void htmlGivesItsVisibleTextWithBlocksOnLinesAndItsTitle() {
        String html = "<!doctype html><html><head><title>Security Alert</title><style>p{color:red}</style>"
                + "<script>var secret='1.2.3.4';</script></head><body><h1>Alert</h1><p>Avoid   <b>large</b>"
                + " gatherings in Moscow.</p><div>Second <a href='x' onclick='evil()'>block</a></div>"
                + "<noscript>no</noscript><ul><li>one</li><li>two</li></ul></body></html>";

        DocumentReader.Read r = reader.read(utf8(html), "text/html");

        assertThat(r.title()).isEqualTo("Security Alert");
        assertThat(r.text().pages())
                .containsExactly("Alert\nAvoid large gatherings in Moscow.\nSecond block\none\ntwo");
        assertThat(r.text().pages().get(0)).doesNotContain("secret", "color", "evil", "no\n");
    }

    @Test
    void htmlIsRecognisedWithoutADeclaredType() {
        assertThat(reader.read(utf8("  <html><body><p>x</p></body></html>"), null)
                        .mediaType())
                .isEqualTo("text/html");
        assertThat(reader.read(utf8("just text"), "application/octet-stream").mediaType())
                .isEqualTo("text/plain");
    }

    @Test
    void aPdfIsReadPageByPageWithItsTitle() throws IOException {
        DocumentReader.Read r = reader.read(pdf("first page Moscow", "second page 10.1.2.3"), null);

        assertThat(r.mediaType()).isEqualTo("application/pdf");
        assertThat(r.title()).isEqualTo("Security Alert");
        assertThat(r.text().pages()).hasSize(2);
        assertThat(r.text().pages().get(0)).contains("first page Moscow").doesNotContain("second");
        assertThat(r.text().pages().get(1)).contains("second page 10.1.2.3");
    }

    @Test
    void aPdfThatIsNotAPdfIsRefused() {
        assertThatThrownBy(() -> reader.read(utf8("hello, not a pdf"), "application/pdf"))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("not a PDF");
        assertThatThrownBy(() -> reader.read(utf8("%PDF-1.7\n garbage garbage"), "application/pdf"))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("could not be read");
    }

    @Test
    void aPdfPastThePageLimitIsRefusedNamingTheLimit() throws IOException {
        byte[] four = pdf("1", "2", "3", "4");

        assertThatThrownBy(() -> reader.read(four, "application/pdf"))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("4 pages")
                .hasMessageContaining("at most 3")
                .hasMessageContaining("intake.max-pdf-pages");
    }

    @Test
    void anUnknownTypeIsRefusedNamingWhatIsTaken() {
        assertThatThrownBy(() -> reader.read(utf8("GIF89a"), "image/gif"))
                .isInstanceOf(UnsupportedMediaTypeException.class)
                .hasMessageContaining("image/gif")
                .hasMessageContaining("text/plain")
                .hasMessageContaining("text/html")
                .hasMessageContaining("application/pdf");
    }

    @Test
    void aDocumentPastTheSizeLimitIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> reader.read(new byte[64 * 1024 + 1], "text/plain"))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("65537")
                .hasMessageContaining("65536")
                .hasMessageContaining("intake.max-document-bytes");
    }
}
