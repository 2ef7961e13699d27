package org.opensirelay.support;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.pdfbox.util.Matrix;

/**
 * Where things are on the pages of a PDF, as a reader sees them: every visible glyph's box and every
 * image's box, in points from the page's top left corner (y grows downwards). A glyph's box runs from
 * its font's ascent above the baseline to its descent below it, so two lines set too close overlap.
 */
public final class PdfLayout {

    /** One visible character on page {@code page} (0-based). */
    public record Glyph(int page, String text, Rectangle2D box) {}

    /** One image drawn on page {@code page}. */
    public record Image(int page, Rectangle2D box) {}

    public final List<Glyph> glyphs = new ArrayList<>();
    public final List<Image> images = new ArrayList<>();
    public final List<Rectangle2D> pages = new ArrayList<>();
    /** The text of each page, as PDFTextStripper reads it. */
    public final List<String> texts = new ArrayList<>();

    private PdfLayout() {}

    public static PdfLayout of(byte[] pdf) throws IOException {
        PdfLayout layout = new PdfLayout();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (int i = 0; i < document.getNumberOfPages(); i++) {
                PDPage page = document.getPage(i);
                float height = page.getMediaBox().getHeight();
                layout.pages.add(new Rectangle2D.Float(0, 0, page.getMediaBox().getWidth(), height));
                int number = i;
                PDFTextStripper stripper = new PDFTextStripper() {
                    @Override
                    protected void processTextPosition(TextPosition glyph) {
                        super.processTextPosition(glyph);
                        String text = glyph.getUnicode();
                        if (text == null || text.isBlank()) {
                            return;
                        }
                        float size = glyph.getFontSizeInPt();
                        PDFontDescriptor metrics = glyph.getFont().getFontDescriptor();
                        // Helvetica's ascent and descent when a font says nothing of its own.
                        float ascent = (metrics == null ? 718 : metrics.getAscent()) / 1000 * size;
                        float descent = -(metrics == null ? -207 : metrics.getDescent()) / 1000 * size;
                        layout.glyphs.add(new Glyph(
                                number,
                                text,
                                new Rectangle2D.Float(
                                        glyph.getXDirAdj(),
                                        glyph.getYDirAdj() - ascent,
                                        glyph.getWidthDirAdj(),
                                        ascent + descent)));
                    }
                };
                stripper.setSuppressDuplicateOverlappingText(false);
                stripper.setStartPage(i + 1);
                stripper.setEndPage(i + 1);
                layout.texts.add(stripper.getText(document));
                new ImageFinder(page, number, height, layout.images).processPage(page);
            }
        }
        return layout;
    }

    /** The text of every page. */
    public String text() {
        return String.join("\n", texts);
    }

    /** The boxes of the glyphs of the first line holding {@code text} (within one page), joined. */
    public Rectangle2D boxOf(String text) {
        for (int start = 0; start < glyphs.size(); start++) {
            StringBuilder read = new StringBuilder();
            Rectangle2D box = null;
            for (int i = start;
                    i < glyphs.size() && read.length() < text.replace(" ", "").length();
                    i++) {
                Glyph glyph = glyphs.get(i);
                if (glyph.page() != glyphs.get(start).page()) {
                    break;
                }
                read.append(glyph.text());
                box = box == null ? (Rectangle2D) glyph.box().clone() : box.createUnion(glyph.box());
            }
            if (read.toString().equals(text.replace(" ", ""))) {
                return box;
            }
        }
        throw new AssertionError("no line holds '" + text + "' in:\n" + text());
    }

    /** Finds the images a page draws and where, from the transformation in force when each is drawn. */
    private static final class ImageFinder extends PDFGraphicsStreamEngine {

        private final int number;
        private final float height;
        private final List<Image> found;

        ImageFinder(PDPage page, int number, float height, List<Image> found) {
            super(page);
            this.number = number;
            this.height = height;
            this.found = found;
        }

        @Override
        public void drawImage(PDImage image) {
            Matrix at = getGraphicsState().getCurrentTransformationMatrix();
            float width = at.getScalingFactorX();
            float tall = at.getScalingFactorY();
            found.add(new Image(
                    number,
                    new Rectangle2D.Float(at.getTranslateX(), height - at.getTranslateY() - tall, width, tall)));
        }

        @Override
        public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {}

        @Override
        public void clip(int windingRule) {}

        @Override
        public void moveTo(float x, float y) {}

        @Override
        public void lineTo(float x, float y) {}

        @Override
        public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {}

        @Override
        public Point2D getCurrentPoint() {
            return new Point2D.Float();
        }

        @Override
        public void closePath() {}

        @Override
        public void endPath() {}

        @Override
        public void strokePath() {}

        @Override
        public void fillPath(int windingRule) {}

        @Override
        public void fillAndStrokePath(int windingRule) {}

        @Override
        public void shadingFill(COSName shadingName) {}
    }
}
