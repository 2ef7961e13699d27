package org.opensirelay.returns.slip;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.ReturnView;

/**
 * The bon de retour: an A4 page the customer prints and puts in the parcel — the merchant's return
 * address, the return and order numbers, the customer, the lines with quantities and reasons, how to
 * send it back, a box for the warehouse, and a Code 128 barcode of the return number for the
 * warehouse's scanner. Words in French then English, from the message source ({@link SlipWords}).
 * Text is real PDF text (searchable, extractable), in the standard Helvetica fonts (no font file to
 * ship). Everything is placed by measuring it: text wraps inside its column and never reaches the
 * barcode, another block or the page's edge.
 *
 * <p>The return address sits where a French right-hand window envelope shows it once the page is
 * folded in three (La Poste's window: 100 × 45 mm, 20 mm from the right edge; on the page, its top 50 mm
 * from the top edge) — so the slip can travel in a window pouch on the parcel. DIN 5008 puts its field
 * of the same size on the left (20 mm from the left edge, 45 mm from the top): French envelopes were
 * chosen since this contract's merchants are French.
 *
 * <p><b>Why one class of this size</b> (≈490 lines): every block of the page is placed from the
 * measured height of the blocks above it, in one pass; the measuring helpers (wrap, cut, width) and
 * the barcode are the page's own and tested through it ({@code SlipRendererTest} and
 * {@code ReturnSlipTest} read the rendered PDF's text, its positions and the barcode's box).
 */
final class SlipRenderer {

    private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    /** Helvetica's ascent and descent, per point of size: a line's ink from baseline - ASCENT to baseline + DESCENT. */
    private static final float ASCENT = 0.718f;

    private static final float DESCENT = 0.207f;
    /** Points per millimetre. */
    static final float MM = 72 / 25.4f;

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float WIDTH = PAGE.getWidth();
    private static final float HEIGHT = PAGE.getHeight();
    private static final float LEFT = 20 * MM;
    private static final float RIGHT = WIDTH - 20 * MM;
    private static final float TOP = 15 * MM;
    private static final float BOTTOM = HEIGHT - 15 * MM;
    private static final float GUTTER = 6 * MM;

    /** The envelope's window on the page: 100 × 45 mm, 20 mm from the right edge, 50 mm from the top. */
    static final float WINDOW_LEFT = RIGHT - 100 * MM;

    static final float WINDOW_TOP = 50 * MM;
    static final float WINDOW_BOTTOM = WINDOW_TOP + 45 * MM;
    /** Text keeps this far inside the window: the page moves a little in its envelope. */
    private static final float WINDOW_PADDING = 4 * MM;

    private static final float BARCODE_WIDTH = 70 * MM;
    private static final float BARCODE_HEIGHT = 16 * MM;
    private static final float WAREHOUSE_BOX_HEIGHT = 30 * MM;

    private static final float GREY = 0.35f;

    private SlipRenderer() {}

    /**
     * What a slip shows. {@code parcelExpected} is false once the return needs no parcel (received,
     * closed, rejected, cancelled): the slip then says so instead of asking for one.
     */
    public record Slip(
            String webReturnNumber,
            String barcode,
            String webOrderNumber,
            String orderNumber,
            String customer,
            List<String> merchantAddress,
            List<Line> lines,
            String reason,
            LocalDate issued,
            boolean parcelExpected) {}

    /** A line: {@code reasonCode} is its reason in the one taxonomy (ReturnReasons), printed as its label. */
    public record Line(String reference, String title, int quantity, String reasonCode) {}

    public static byte[] render(Slip slip, SlipWords words) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(words.french("slip.title") + " " + slip.webReturnNumber());
            info.setCreator("opensi-relay");
            try (Pages pages = new Pages(document)) {
                layOut(slip, words, document, pages);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the return slip could not be written", e);
        }
    }

    private static void layOut(Slip slip, SlipWords words, PDDocument document, Pages pages) throws IOException {
        // Header: the title and what to do on the left, the barcode on the right, both above the window.
        float barcodeLeft = RIGHT - BARCODE_WIDTH;
        PDImageXObject barcode = LosslessFactory.createFromImage(document, barcode(slip.barcode()));
        pages.content.drawImage(barcode, barcodeLeft, HEIGHT - TOP - BARCODE_HEIGHT, BARCODE_WIDTH, BARCODE_HEIGHT);
        float captionWidth = width(REGULAR, 9, slip.barcode());
        pages.text(
                REGULAR,
                9,
                barcodeLeft + Math.max(0, (BARCODE_WIDTH - captionWidth) / 2),
                TOP + BARCODE_HEIGHT + 2 * MM + 9 * ASCENT,
                cut(REGULAR, 9, slip.barcode(), BARCODE_WIDTH));

        float headerWidth = barcodeLeft - GUTTER - LEFT;
        float y = TOP;
        y = pages.paragraph(BOLD, 17, 20, LEFT, y, headerWidth, words.both("slip.title"), 2, false);
        y += 2 * MM;
        String notice = slip.parcelExpected() ? "slip.putInParcel" : "slip.nothingToSend";
        y = pages.paragraph(BOLD, 10, 12.5f, LEFT, y, headerWidth, words.french(notice), 3, false);
        pages.paragraph(REGULAR, 10, 12.5f, LEFT, y, headerWidth, words.english(notice), 3, false);

        // Left of the window: the return's numbers, its customer and its date.
        float fieldsWidth = WINDOW_LEFT - GUTTER - LEFT;
        y = WINDOW_TOP + WINDOW_PADDING;
        y = field(pages, y, fieldsWidth, words.both("slip.return"), slip.webReturnNumber());
        y = field(
                pages,
                y,
                fieldsWidth,
                words.both("slip.order"),
                slip.webOrderNumber() + (slip.orderNumber() == null ? "" : " (" + slip.orderNumber() + ")"));
        y = field(pages, y, fieldsWidth, words.both("slip.customer"), slip.customer() == null ? "" : slip.customer());
        y = field(
                pages, y, fieldsWidth, words.both("slip.issued"), slip.issued().toString());

        returnAddress(pages, words, slip.merchantAddress());

        y = Math.max(y, WINDOW_BOTTOM) + 6 * MM;
        if (slip.reason() != null && !slip.reason().isBlank()) {
            pages.text(BOLD, 8, LEFT, y + 8 * ASCENT, words.both("slip.reason"));
            y = pages.paragraph(REGULAR, 10, 12.5f, LEFT, y + 10, RIGHT - LEFT, slip.reason(), 3, false) + 4 * MM;
        }
        y = lines(pages, words, slip.lines(), y);

        float warehouseTop = BOTTOM - WAREHOUSE_BOX_HEIGHT;
        String[] steps = {"slip.step.pack", "slip.putInParcel", "slip.step.send"};
        float stepsHeight = 16 + 4 * 12.5f;
        if (slip.parcelExpected()) {
            for (String step : steps) {
                stepsHeight += 12.5f
                                * (wrap(REGULAR, 10, words.french(step), RIGHT - LEFT - 6 * MM)
                                                .size()
                                        + wrap(REGULAR, 10, words.english(step), RIGHT - LEFT - 6 * MM)
                                                .size())
                        + 2 * MM;
            }
        }
        if (y + 6 * MM + stepsHeight > warehouseTop - 4 * MM) {
            pages.next();
            y = TOP;
        }
        y += 6 * MM;
        if (slip.parcelExpected()) {
            pages.text(BOLD, 11, LEFT, y + 11 * ASCENT, words.both("slip.howTo"));
            y += 16;
            for (int i = 0; i < steps.length; i++) {
                pages.text(BOLD, 10, LEFT, y + 10 * ASCENT, (i + 1) + ".");
                y = pages.paragraph(
                        REGULAR, 10, 12.5f, LEFT + 6 * MM, y, RIGHT - LEFT - 6 * MM, words.french(steps[i]), 2, false);
                y = pages.paragraph(
                                REGULAR,
                                10,
                                12.5f,
                                LEFT + 6 * MM,
                                y,
                                RIGHT - LEFT - 6 * MM,
                                words.english(steps[i]),
                                2,
                                true)
                        + 2 * MM;
            }
        } else {
            y = pages.paragraph(REGULAR, 10, 12.5f, LEFT, y, RIGHT - LEFT, words.french("slip.keep"), 2, false);
            pages.paragraph(REGULAR, 10, 12.5f, LEFT, y, RIGHT - LEFT, words.english("slip.keep"), 2, true);
        }
        warehouseBox(pages, words, slip.webReturnNumber(), warehouseTop);
    }

    /** A label (small, bold) over its value (wrapped, at most three lines); the y below it. */
    private static float field(Pages pages, float y, float width, String label, String value) throws IOException {
        pages.text(BOLD, 7.5f, LEFT, y + 7.5f * ASCENT, cut(BOLD, 7.5f, label, width));
        return pages.paragraph(REGULAR, 10.5f, 12.5f, LEFT, y + 9.5f, width, value, 3, false) + 2.5f * MM;
    }

    /**
     * The merchant's address inside the window, as large as it fits: 10.5 pt, smaller for a long one,
     * its last lines cut only if even 8 pt does not hold it. A thin frame shows where the window falls.
     */
    private static void returnAddress(Pages pages, SlipWords words, List<String> address) throws IOException {
        PDPageContentStream content = pages.content;
        content.setStrokingColor(0.75f);
        content.setLineWidth(0.4f);
        content.addRect(WINDOW_LEFT, HEIGHT - WINDOW_BOTTOM, RIGHT - WINDOW_LEFT, WINDOW_BOTTOM - WINDOW_TOP);
        content.stroke();
        content.setStrokingColor(0f);
        float left = WINDOW_LEFT + WINDOW_PADDING;
        float width = RIGHT - WINDOW_PADDING - left;
        float y = WINDOW_TOP + WINDOW_PADDING;
        pages.text(BOLD, 7.5f, left, y + 7.5f * ASCENT, cut(BOLD, 7.5f, words.both("slip.returnTo"), width));
        y += 10;
        float room = WINDOW_BOTTOM - WINDOW_PADDING - y;
        for (float size = 10.5f; ; size -= 0.5f) {
            float leading = size * 1.2f;
            List<String> wrapped = new ArrayList<>();
            for (String line : address) {
                wrapped.addAll(wrap(REGULAR, size, line, width));
            }
            int fits = (int) ((room - size * (ASCENT + DESCENT)) / leading) + 1;
            if (wrapped.size() <= fits || size <= 8) {
                List<String> shown = fitted(REGULAR, size, wrapped, fits, width);
                for (String line : shown) {
                    pages.text(REGULAR, size, left, y + size * ASCENT, line);
                    y += leading;
                }
                return;
            }
        }
    }

    /** The lines' table, continued on a new page when it reaches the bottom; the y below it. */
    private static float lines(Pages pages, SlipWords words, List<Line> lines, float y) throws IOException {
        // The reason's column holds the longest label on one line ("Article endommagé ou défectueux").
        float[] x = {LEFT, LEFT + 36 * MM, LEFT + 96 * MM, LEFT + 110 * MM};
        float[] width = {34 * MM, 58 * MM, 10 * MM, RIGHT - LEFT - 110 * MM};
        String[] headings = {"slip.reference", "slip.item", "slip.quantity", "slip.lineReason"};
        y = headings(pages, words, headings, x, width, y);
        for (Line line : lines) {
            String reason = line.reasonCode() == null ? "notSpecified" : line.reasonCode();
            List<String> reference = fitted(REGULAR, 10, wrap(REGULAR, 10, line.reference(), width[0]), 3, width[0]);
            String title = line.title() == null ? "" : line.title();
            List<String> item = fitted(REGULAR, 10, wrap(REGULAR, 10, title, width[1]), 3, width[1]);
            List<String> french =
                    fitted(REGULAR, 10, wrap(REGULAR, 10, words.reasonInFrench(reason), width[3]), 2, width[3]);
            List<String> english =
                    fitted(REGULAR, 9, wrap(REGULAR, 9, words.reasonInEnglish(reason), width[3]), 2, width[3]);
            int rows = Math.max(Math.max(reference.size(), item.size()), french.size() + english.size());
            float height = rows * 12.5f + 3 * MM;
            if (y + height > BOTTOM) {
                pages.next();
                y = headings(pages, words, headings, x, width, TOP);
            }
            float baseline = y + 2 * MM + 10 * ASCENT;
            column(pages, REGULAR, 10, x[0], baseline, reference, false);
            column(pages, REGULAR, 10, x[1], baseline, item, false);
            String quantity = String.valueOf(line.quantity());
            pages.text(REGULAR, 10, x[2] + width[2] - width(REGULAR, 10, quantity), baseline, quantity);
            column(pages, REGULAR, 10, x[3], baseline, french, false);
            column(pages, REGULAR, 9, x[3], baseline + french.size() * 12.5f, english, true);
            y += height;
            pages.rule(y, 0.8f);
        }
        return y;
    }

    private static float headings(Pages pages, SlipWords words, String[] keys, float[] x, float[] width, float y)
            throws IOException {
        float bottom = y;
        for (int i = 0; i < keys.length; i++) {
            float below = pages.paragraph(BOLD, 9, 11, x[i], y, width[i], words.french(keys[i]), 1, false);
            below = pages.paragraph(REGULAR, 8, 10, x[i], below, width[i], words.english(keys[i]), 1, true);
            bottom = Math.max(bottom, below);
        }
        pages.rule(bottom + 1, 0f);
        return bottom + 1;
    }

    private static void column(
            Pages pages, PDType1Font font, float size, float x, float baseline, List<String> lines, boolean grey)
            throws IOException {
        for (String line : lines) {
            pages.text(font, size, x, baseline, line, grey);
            baseline += 12.5f;
        }
    }

    /** At the foot of the page: the return's number and room for the warehouse to write what came back. */
    private static void warehouseBox(Pages pages, SlipWords words, String returnNumber, float top) throws IOException {
        PDPageContentStream content = pages.content;
        content.setStrokingColor(0.5f);
        content.setLineWidth(0.6f);
        content.addRect(LEFT, HEIGHT - BOTTOM, RIGHT - LEFT, WAREHOUSE_BOX_HEIGHT);
        content.stroke();
        content.setStrokingColor(0f);
        float inner = RIGHT - LEFT - 8 * MM;
        float y = top + 4 * MM;
        String heading = words.both("slip.warehouse") + " — " + words.both("slip.return") + " " + returnNumber;
        pages.text(BOLD, 9, LEFT + 4 * MM, y + 9 * ASCENT, cut(BOLD, 9, heading, inner));
        y += 14;
        String[] keys = {"slip.receivedOn", "slip.condition", "slip.signature"};
        float column = inner / keys.length;
        for (int i = 0; i < keys.length; i++) {
            float x = LEFT + 4 * MM + i * column;
            pages.text(REGULAR, 8.5f, x, y + 8.5f * ASCENT, cut(REGULAR, 8.5f, words.both(keys[i]), column - 4 * MM));
        }
    }

    /** {@code text} in lines no wider than {@code width}: broken at spaces, a word too long for a line broken inside. */
    static List<String> wrap(PDType1Font font, float size, String text, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : encodable(font, text).strip().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(font, size, candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            for (int c : word.codePoints().toArray()) {
                String longer = line + Character.toString(c);
                if (width(font, size, longer) > width && !line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.appendCodePoint(c);
            }
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** At most {@code max} of {@code lines}; when some are left out, the last one shown ends with "…". */
    private static List<String> fitted(PDType1Font font, float size, List<String> lines, int max, float width)
            throws IOException {
        if (lines.size() <= max) {
            return lines;
        }
        List<String> shown = new ArrayList<>(lines.subList(0, max - 1));
        shown.add(cut(font, size, lines.get(max - 1) + " " + lines.get(max), width));
        return shown;
    }

    /** {@code text} on one line no wider than {@code width}, ending with "…" when it had to be cut. */
    static String cut(PDType1Font font, float size, String text, float width) throws IOException {
        String safe = encodable(font, text);
        if (width(font, size, safe) <= width) {
            return safe;
        }
        int[] codePoints = safe.codePoints().toArray();
        for (int n = codePoints.length - 1; n > 0; n--) {
            String shorter = new String(codePoints, 0, n).stripTrailing() + "…";
            if (width(font, size, shorter) <= width) {
                return shorter;
            }
        }
        return "…";
    }

    private static float width(PDType1Font font, float size, String text) throws IOException {
        return font.getStringWidth(encodable(font, text)) / 1000 * size;
    }

    /** The text with every character the font cannot write (outside WinAnsi: emoji, CJK…) shown as '?'. */
    static String encodable(PDType1Font font, String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            String one = new String(Character.toChars(Character.isISOControl(c) ? ' ' : c));
            try {
                font.encode(one);
                out.append(one);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** The return number as a Code 128 barcode, black on white, with its quiet zones. */
    static BufferedImage barcode(String value) {
        BitMatrix matrix =
                new Code128Writer().encode(value, BarcodeFormat.CODE_128, 440, 120, Map.of(EncodeHintType.MARGIN, 20));
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int x = 0; x < matrix.getWidth(); x++) {
            for (int y = 0; y < matrix.getHeight(); y++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
            }
        }
        return image;
    }

    /** Each returned line with its product's title and its reason in the one taxonomy. */
    static List<Line> lines(ReturnView view, OrderSnapshot order) {
        List<Line> lines = new ArrayList<>();
        for (ReturnView.Line line : view.lines()) {
            String title = order.lines().stream()
                    .filter(l -> l.lineId().equals(line.lineId()))
                    .map(OrderSnapshot.Line::title)
                    .findFirst()
                    .orElse(null);
            lines.add(new Line(line.reference(), title, line.quantity(), line.reasonCategory()));
        }
        return lines;
    }

    /**
     * The pages being written, with y measured from the top of the page (as a reader measures it):
     * the content stream of the current page, a new page when one is full.
     */
    private static final class Pages implements AutoCloseable {

        private final PDDocument document;
        PDPageContentStream content;

        Pages(PDDocument document) throws IOException {
            this.document = document;
            next();
        }

        void next() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
        }

        void text(PDType1Font font, float size, float x, float baseline, String text) throws IOException {
            text(font, size, x, baseline, text, false);
        }

        void text(PDType1Font font, float size, float x, float baseline, String text, boolean grey) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.setNonStrokingColor(grey ? GREY : 0f);
            content.newLineAtOffset(x, HEIGHT - baseline);
            content.showText(encodable(font, text));
            content.endText();
        }

        /** {@code text} wrapped to {@code width}, at most {@code max} lines, its first line's top at {@code top}; the y below it. */
        float paragraph(
                PDType1Font font,
                float size,
                float leading,
                float x,
                float top,
                float width,
                String text,
                int max,
                boolean grey)
                throws IOException {
            float baseline = top + size * ASCENT;
            for (String line : fitted(font, size, wrap(font, size, text, width), max, width)) {
                text(font, size, x, baseline, line, grey);
                baseline += leading;
            }
            return baseline - leading + size * DESCENT + (leading - size) / 2;
        }

        /** A horizontal rule across the page at {@code y}, in {@code grey} (0 black, 1 white). */
        void rule(float y, float grey) throws IOException {
            content.setStrokingColor(grey);
            content.setLineWidth(0.5f);
            content.moveTo(LEFT, HEIGHT - y);
            content.lineTo(RIGHT, HEIGHT - y);
            content.stroke();
            content.setStrokingColor(0f);
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }
}
