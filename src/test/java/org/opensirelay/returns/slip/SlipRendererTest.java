package org.opensirelay.returns.slip;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.Result;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Code128;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The bon de retour as a customer prints it and a warehouse scans it: its text extracted from the
 * PDF, its barcode decoded from a rendered image of the page. Renders a real PDF (about a second),
 * so it runs with the integration tests; the image goes to target/slips/ (docs/images/slip.png is a copy).
 */
class SlipRendererTest {

    static final SlipRenderer.Slip SLIP = new SlipRenderer.Slip(
            "R000000042",
            "R000000042",
            "1042",
            "CC20050001",
            "Ada Lovelace",
            List.of("Boutique Démo — Service retours", "12 rue des Colis", "75011 Paris, France"),
            List.of(
                    new SlipRenderer.Line("demo_1_ws", "Mug blanc", 1, "doesNotFit"),
                    new SlipRenderer.Line("demo_2_bs", "Assiette noire 🍽", 2, "damagedOrDefectiveItem")),
            "Trop petit, et une assiette fêlée",
            LocalDate.parse("2026-11-23"),
            true);

    /** The relay's message source, as Spring Boot sets it up (spring.messages.* in application.properties). */
    static final SlipWords WORDS = new SlipWords(messages());

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @Test
    void theSlipHoldsTheReturnsFieldsAsTextAndItsBarcodeReadsBackTheReturnNumber() throws Exception {
        byte[] pdf = SlipRenderer.render(SLIP, WORDS);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            PDRectangle a4 = document.getPage(0).getMediaBox();
            assertThat(a4.getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(a4.getHeight()).isEqualTo(PDRectangle.A4.getHeight());
            String text = new PDFTextStripper().getText(document);
            assertThat(text)
                    .contains(
                            "Bon de retour",
                            "R000000042",
                            "1042 (CC20050001)",
                            "Ada Lovelace",
                            "2026-11-23",
                            "Boutique Démo — Service retours",
                            "75011 Paris, France",
                            "demo_1_ws",
                            "Mug blanc",
                            "Taille ne convient pas",
                            "Does not fit",
                            "Article endommagé ou défectueux",
                            "Damaged or defective item",
                            "Trop petit, et une assiette fêlée");
            // A character the standard font cannot write becomes '?', not a failure.
            assertThat(text).contains("Assiette noire ?");

            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 150);
            Path out = Path.of("target", "slips");
            Files.createDirectories(out);
            ImageIO.write(page, "png", out.resolve("return-slip.png").toFile());
            Result decoded = Code128.read(page);
            assertThat(decoded.getBarcodeFormat()).isEqualTo(BarcodeFormat.CODE_128);
            assertThat(decoded.getText()).isEqualTo("R000000042");
        }
    }
}
