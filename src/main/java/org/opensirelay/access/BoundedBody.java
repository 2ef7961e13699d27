package org.opensirelay.access;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** A request body read whole but never past a limit, so that an endless chunked upload stops there too. */
public final class BoundedBody {

    private BoundedBody() {}

    /**
     * The body, or null when it is longer than {@code limit}. Read into an array of the declared
     * length, when there is one, so that a body is neither copied nor grown on the way: a growing
     * buffer was the largest allocation of a SOAP request thread.
     */
    public static byte[] readAtMost(InputStream in, long limit, long declaredLength) throws IOException {
        long largest = Math.min(limit, Integer.MAX_VALUE - 16);
        byte[] body = new byte[(int) Math.min(largest, declaredLength >= 0 ? declaredLength : 8192)];
        int length = 0;
        while (true) {
            if (length == body.length) {
                int next = in.read();
                if (next == -1) {
                    return body;
                }
                if (length + 1L > largest) {
                    return null;
                }
                body = Arrays.copyOf(body, (int) Math.min(largest, Math.max(8192, 2L * body.length)));
                body[length++] = (byte) next;
            }
            int n = in.read(body, length, body.length - length);
            if (n == -1) {
                return Arrays.copyOf(body, length);
            }
            length += n;
        }
    }

    private static final String BODY_ATTRIBUTE = BoundedBody.class.getName() + ".body";

    /** {@code request} with {@code body} as its body, already read; later filters find it with {@link #alreadyRead}. */
    public static HttpServletRequest replay(HttpServletRequest request, byte[] body) {
        request.setAttribute(BODY_ATTRIBUTE, body);
        return new BufferedRequest(request, body);
    }

    /** The body {@link #replay} gave this request, or null: read once, not copied again. */
    public static byte[] alreadyRead(HttpServletRequest request) {
        return request.getAttribute(BODY_ATTRIBUTE) instanceof byte[] body ? body : null;
    }

    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }
    }
}
