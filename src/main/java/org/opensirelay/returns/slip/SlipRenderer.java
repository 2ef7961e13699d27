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
import org.opensirelay.text.Text;

/**
 * The bon de retour: one A4 page the customer prints and puts in the parcel — the merchant's return
 * address, the return and order numbers, the customer, the lines with quantities and reasons, the
 * date, and a Code 128 barcode of the return number for the warehouse's scanner. Text is real PDF
 * text (searchable, extractable), in the standard Helvetica fonts (no font file to ship).
 */
public final class SlipRenderer {

    private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final float MARGIN = 50;

    private SlipRenderer() {}

    /**
     * What a slip shows. {@code parcelExpected} is false once the return needs no parcel (closed as
     * kept, rejected, cancelled): the slip then says so instead of asking for one.
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

    static final String PUT_IN_THE_PARCEL = "Joignez ce bon au colis. Put this slip in the parcel.";
    static final String NOTHING_TO_SEND =
            "Rien à renvoyer : ce retour n'attend plus de colis. Nothing to send back: this return needs no parcel.";

    public record Line(String reference, String title, int quantity, String reasonCode) {}

    public static byte[] render(Slip slip) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Bon de retour " + slip.webReturnNumber());
            info.setCreator("opensi-relay");
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            float width = page.getMediaBox().getWidth();
            float top = page.getMediaBox().getHeight() - MARGIN;
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                text(content, BOLD, 20, MARGIN, top - 10, "Bon de retour / Return slip");
                text(
                        content,
                        REGULAR,
                        10,
                        MARGIN,
                        top - 30,
                        slip.parcelExpected() ? PUT_IN_THE_PARCEL : NOTHING_TO_SEND);

                PDImageXObject barcode = LosslessFactory.createFromImage(document, barcode(slip.barcode()));
                float barcodeWidth = 220;
                float barcodeHeight = 60;
                content.drawImage(barcode, width - MARGIN - barcodeWidth, top - 75, barcodeWidth, barcodeHeight);
                text(content, REGULAR, 10, width - MARGIN - barcodeWidth, top - 88, slip.barcode());

                float y = top - 120;
                text(content, BOLD, 11, MARGIN, y, "Adresse de retour / Return to");
                for (String line : slip.merchantAddress()) {
                    y -= 14;
                    text(content, REGULAR, 11, MARGIN, y, line);
                }
                y -= 30;
                y = field(content, y, "Retour / Return", slip.webReturnNumber());
                y = field(
                        content,
                        y,
                        "Commande / Order",
                        slip.webOrderNumber() + (slip.orderNumber() == null ? "" : " (" + slip.orderNumber() + ")"));
                y = field(content, y, "Client / Customer", slip.customer() == null ? "" : slip.customer());
                y = field(content, y, "Date", slip.issued().toString());
                y = field(content, y, "Motif / Reason", slip.reason());

                y -= 20;
                float[] columns = {MARGIN, MARGIN + 110, MARGIN + 330, MARGIN + 380};
                String[] headings = {"Référence", "Article / Item", "Qté", "Motif / Reason"};
                for (int i = 0; i < headings.length; i++) {
                    text(content, BOLD, 10, columns[i], y, headings[i]);
                }
                content.moveTo(MARGIN, y - 4);
                content.lineTo(width - MARGIN, y - 4);
                content.stroke();
                for (Line line : slip.lines()) {
                    y -= 16;
                    text(content, REGULAR, 10, columns[0], y, cut(line.reference(), 20));
                    text(content, REGULAR, 10, columns[1], y, cut(line.title() == null ? "" : line.title(), 40));
                    text(content, REGULAR, 10, columns[2], y, String.valueOf(line.quantity()));
                    text(
                            content,
                            REGULAR,
                            10,
                            columns[3],
                            y,
                            cut(line.reasonCode() == null ? "" : line.reasonCode(), 28));
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the return slip could not be written", e);
        }
    }

    private static float field(PDPageContentStream content, float y, String label, String value) throws IOException {
        text(content, BOLD, 11, MARGIN, y, label);
        text(content, REGULAR, 11, MARGIN + 130, y, cut(value, 70));
        return y - 16;
    }

    private static void text(PDPageContentStream content, PDType1Font font, float size, float x, float y, String text)
            throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        content.showText(encodable(font, text));
        content.endText();
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

    private static String cut(String text, int max) {
        return Text.abbreviate(text, max);
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

    /** Reasons shown per line: the list is for people, not machines. */
    static List<Line> lines(ReturnView view, OrderSnapshot order) {
        List<Line> lines = new ArrayList<>();
        for (ReturnView.Line line : view.lines()) {
            String title = order.lines().stream()
                    .filter(l -> l.lineId().equals(line.lineId()))
                    .map(OrderSnapshot.Line::title)
                    .findFirst()
                    .orElse(null);
            lines.add(new Line(line.reference(), title, line.quantity(), line.reasonCode()));
        }
        return lines;
    }
}
