package org.opensirelay.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bounded body read: whole bodies back byte for byte, whatever length was declared; too long is null. */
@Tag("unit")
class BoundedBodyTest {

    private static final byte[] BODY = body(20_000);

    @Test
    void aBodyOfTheDeclaredLengthIsReadWhole() throws IOException {
        assertThat(BoundedBody.readAtMost(trickling(BODY), 100_000, BODY.length))
                .isEqualTo(BODY);
    }

    @Test
    void aBodyWithoutDeclaredLengthIsReadWhole() throws IOException {
        assertThat(BoundedBody.readAtMost(trickling(BODY), 100_000, -1)).isEqualTo(BODY);
    }

    @Test
    void aDeclaredLengthThatIsWrongDoesNotCutOrPadTheBody() throws IOException {
        assertThat(BoundedBody.readAtMost(trickling(BODY), 100_000, 100))
                .as("declared too short")
                .isEqualTo(BODY);
        assertThat(BoundedBody.readAtMost(trickling(BODY), 100_000, 50_000))
                .as("declared too long")
                .isEqualTo(BODY);
    }

    @Test
    void theLimitItselfIsAcceptedAndOneByteMoreIsNot() throws IOException {
        assertThat(BoundedBody.readAtMost(trickling(BODY), BODY.length, -1)).isEqualTo(BODY);
        assertThat(BoundedBody.readAtMost(trickling(BODY), BODY.length - 1, -1)).isNull();
        assertThat(BoundedBody.readAtMost(trickling(BODY), BODY.length - 1, 10)).isNull();
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        assertThat(BoundedBody.readAtMost(new ByteArrayInputStream(new byte[0]), 100, 0))
                .isEmpty();
        assertThat(BoundedBody.readAtMost(new ByteArrayInputStream(new byte[0]), 100, -1))
                .isEmpty();
    }

    private static byte[] body(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** A stream that hands out at most 1,000 bytes per read, as a network does. */
    private static InputStream trickling(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
    }
}
