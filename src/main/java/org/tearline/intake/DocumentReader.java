package org.tearline.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.PayloadTooLargeException;
import org.tearline.error.TearlineException;
import org.tearline.error.TooManyAttemptsException;
import org.tearline.error.UnprocessableException;
import org.tearline.error.UnsupportedMediaTypeException;
import org.tearline.intake.extract.DocumentText;

/**
 * Turns a document's bytes into the text extraction reads: plain text (UTF-8), HTML (its
 * visible text, blocks on lines of their own, scripts and styles dropped, the title kept) and
 * PDF (its text page by page). The type is taken from what the sender declared, checked
 * against the bytes; anything else is refused naming the type found and the types taken.
 *
 * <p>A PDF is hostile until read: it is parsed in main memory bounded by a multiple of the
 * size limit, only up to a page limit, on a small pool of its own, and abandoned after a
 * timeout, so one bad file is a clear refusal and never the server's memory or threads.
 */
public final class DocumentReader implements AutoCloseable {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PDF = "application/pdf";

    /** What the reader takes, as said in its refusals. */
    static final String ACCEPTED = TEXT + " (UTF-8), " + HTML + " or " + PDF;

    /** PDFBox's working memory per document, as a multiple of the document's size limit. */
    private static final int PDF_MEMORY_FACTOR = 8;

    /** Blocks whose text stands on lines of its own. */
    private static final java.util.Set<String> BLOCKS = java.util.Set.of(
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "hr",
            "dd",
            "dt",
            "dl",
            "main",
            "aside",
            "nav",
            "figure",
            "figcaption",
            "address",
            "form",
            "fieldset",
            "td",
            "th",
            "caption",
            "title");

    /** Limits on what is read. */
    public record Limits(int maxBytes, int maxPdfPages, Duration pdfTimeout) {}

    /**
     * A document as read.
     *
     * @param text      its text, page by page
     * @param title     its title when it names one (HTML title, PDF title), or null
     * @param mediaType the type it was read as
     */
    public record Read(DocumentText text, String title, String mediaType) {}

    private final Limits limits;
    private final ExecutorService pdfPool;

    public DocumentReader(Limits limits) {
        this.limits = limits;
        // Two readers at once at most, and a short queue: a burst of PDFs waits or is refused,
        // it never takes every request thread.
        this.pdfPool = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(8), r -> {
            Thread t = new Thread(r, "tearline-intake-pdf");
            t.setDaemon(true);
            return t;
        });
    }

    public Limits limits() {
        return limits;
    }

    /** Refuses a document larger than the limit, before its bytes are read. */
    public void checkSize(long bytes) {
        if (bytes > limits.maxBytes()) {
            throw new PayloadTooLargeException("the document is " + bytes + " bytes; intake takes documents of at most "
                    + limits.maxBytes() + " bytes (intake.max-document-bytes)");
        }
    }

    /**
     * Reads a document.
     *
     * @param bytes        its bytes
     * @param declaredType the media type its sender declared (parameters allowed), or null
     */
    public Read read(byte[] bytes, String declaredType) {
        checkSize(bytes.length);
        if (bytes.length == 0) {
            throw new BadRequestException("the document is empty");
        }
        String type = kind(declaredType, bytes);
        return switch (type) {
            case PDF -> pdf(bytes);
            case HTML -> html(utf8(bytes, "HTML"));
            default -> plain(bytes);
        };
    }

    /** The type to read the bytes as: the declared one, checked; sniffed when none is useful. */
    private static String kind(String declaredType, byte[] bytes) {
        String declared =
                declaredType == null ? "" : declaredType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean looksPdf = startsWith(bytes, "%PDF-");
        switch (declared) {
            case PDF:
                if (!looksPdf) {
                    throw new UnprocessableException(
                            "the document was sent as application/pdf but is not a PDF (it does not start with %PDF-)");
                }
                return PDF;
            case HTML, "application/xhtml+xml":
                return HTML;
            case TEXT, "text/markdown", "text/csv":
                return TEXT;
            case "", "application/octet-stream":
                if (looksPdf) {
                    return PDF;
                }
                String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1)
                        .stripLeading()
                        .toLowerCase(Locale.ROOT);
                return head.startsWith("<!doctype html") || head.startsWith("<html") ? HTML : TEXT;
            default:
                throw new UnsupportedMediaTypeException("intake does not read documents of type "
                        + Echo.quote(declaredType) + "; it takes " + ACCEPTED);
        }
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (bytes[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static Read plain(byte[] bytes) {
        String text = utf8(bytes, "plain text");
        if (text.indexOf('\u0000') >= 0) {
            throw new UnsupportedMediaTypeException(
                    "the document holds NUL characters: it looks binary, not text; intake takes " + ACCEPTED);
        }
        return new Read(DocumentText.of(stripBom(text)), null, TEXT);
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnsupportedMediaTypeException(
                    "the document was read as " + what + " but is not UTF-8 text (binary?); intake takes " + ACCEPTED);
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** The visible text of an HTML page, blocks on lines of their own. */
    static Read html(String source) {
        Document doc = Jsoup.parse(stripBom(source));
        String title = doc.title().isBlank() ? null : doc.title().strip();
        doc.select("script, style, noscript, template, iframe, object, embed, svg, head")
                .remove();
        Element body = doc.body();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(
                new NodeVisitor() {
                    @Override
                    public void head(Node node, int depth) {
                        if (node instanceof TextNode t) {
                            String text = t.getWholeText().replaceAll("\\s+", " ");
                            if (out.length() == 0 || out.charAt(out.length() - 1) == '\n') {
                                text = text.stripLeading();
                            }
                            out.append(text);
                        } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                            newline(out);
                        }
                    }

                    @Override
                    public void tail(Node node, int depth) {
                        if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                            newline(out);
                        }
                    }
                },
                body);
        return new Read(DocumentText.of(out.toString().strip()), title, HTML);
    }

    private static void newline(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private Read pdf(byte[] bytes) {
        Future<Read> f;
        try {
            f = pdfPool.submit(() -> parsePdf(bytes));
        } catch (RejectedExecutionException e) {
            throw new TooManyAttemptsException("too many PDFs are being read at once; try again shortly", 5);
        }
        try {
            return f.get(limits.pdfTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new UnprocessableException("the PDF could not be read within "
                    + limits.pdfTimeout().toSeconds() + " s (intake.pdf-timeout-seconds)");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new UnprocessableException("reading the PDF was interrupted: the server is stopping");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TearlineException t) {
                throw t;
            }
            throw new UnprocessableException(
                    "the PDF could not be read: "
                            + (e.getCause() instanceof OutOfMemoryError
                                    ? "it needs more memory than intake gives a document"
                                    : "it is damaged or not a PDF"),
                    e.getCause());
        }
    }

    private Read parsePdf(byte[] bytes) throws IOException {
        long memory = (long) limits.maxBytes() * PDF_MEMORY_FACTOR;
        try (PDDocument doc =
                Loader.loadPDF(bytes, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(memory).streamCache)) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                throw new UnprocessableException("the PDF is encrypted and does not allow its text to be read");
            }
            int pages = doc.getNumberOfPages();
            if (pages > limits.maxPdfPages()) {
                throw new UnprocessableException("the PDF has " + pages + " pages; intake reads at most "
                        + limits.maxPdfPages() + " (intake.max-pdf-pages)");
            }
            List<String> texts = new ArrayList<>(Math.max(1, pages));
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            for (int p = 1; p <= pages; p++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("abandoned");
                }
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                texts.add(stripper.getText(doc));
            }
            if (texts.isEmpty()) {
                texts.add("");
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            String title =
                    info == null || info.getTitle() == null || info.getTitle().isBlank()
                            ? null
                            : info.getTitle().strip();
            return new Read(new DocumentText(texts), title, PDF);
        } catch (IOException e) {
            throw new UnprocessableException("the PDF could not be read: it is damaged or not a PDF", e);
        }
    }

    @Override
    public void close() {
        pdfPool.shutdownNow();
    }
}
