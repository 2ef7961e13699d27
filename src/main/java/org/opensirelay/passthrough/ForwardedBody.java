package org.opensirelay.passthrough;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The envelope as the shop receives it: the bytes the ERP sent, with the texts of a few elements
 * replaced (the header key by the shop's key, the Website_Code by the one the shop expects when it
 * differs). Nothing is copied: the parts are written from the ERP's bytes.
 */
final class ForwardedBody {

    /** One replacement: the characters of {@code span} become {@code text}. */
    record Replacement(EnvelopeHead.Span span, String text) {}

    private final byte[] original;
    private final List<int[]> kept = new ArrayList<>();
    private final List<byte[]> inserted = new ArrayList<>();
    private final long length;

    /** @param document {@code original} decoded as UTF-8, whose character offsets the spans are */
    ForwardedBody(byte[] original, String document, List<Replacement> replacements) {
        this.original = original;
        List<Replacement> ordered = replacements.stream()
                .sorted(Comparator.comparingInt(r -> r.span().start()))
                .toList();
        int charAt = 0;
        int byteAt = 0;
        long total = 0;
        for (Replacement replacement : ordered) {
            int start = byteAt + utf8Length(document, charAt, replacement.span().start());
            int end = start
                    + utf8Length(
                            document,
                            replacement.span().start(),
                            replacement.span().end());
            kept.add(new int[] {byteAt, start});
            byte[] text = escaped(replacement.text()).getBytes(StandardCharsets.UTF_8);
            inserted.add(text);
            total += (start - byteAt) + text.length;
            charAt = replacement.span().end();
            byteAt = end;
        }
        kept.add(new int[] {byteAt, original.length});
        total += original.length - byteAt;
        this.length = total;
    }

    long length() {
        return length;
    }

    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < kept.size(); i++) {
            int[] part = kept.get(i);
            out.write(original, part[0], part[1] - part[0]);
            if (i < inserted.size()) {
                out.write(inserted.get(i));
            }
        }
    }

    /** UTF-8 bytes of the characters [from, to) of {@code text}. */
    private static int utf8Length(String text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
