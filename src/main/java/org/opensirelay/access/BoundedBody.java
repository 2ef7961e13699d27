package org.opensirelay.access;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request body read whole (by {@link BodyReception}, never past a limit) and handed to the rest of
 * the chain as the request's body; a form's fields are its parameters, as the servlet container's
 * would be, after those of the query string.
 */
public final class BoundedBody {

    private BoundedBody() {}

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
        private Map<String, String[]> parameters;

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

        @Override
        public String getParameter(String name) {
            String[] values = parameters().get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters().keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters().get(name);
            return values == null ? null : values.clone();
        }

        /**
         * The query string's parameters (the container parses no body it did not read), then a form's
         * fields; computed once.
         */
        private Map<String, String[]> parameters() {
            if (parameters == null) {
                Map<String, List<String>> all = new LinkedHashMap<>();
                super.getParameterMap()
                        .forEach((name, values) -> all.computeIfAbsent(name, n -> new ArrayList<>())
                                .addAll(List.of(values)));
                if (isForm()) {
                    Charset charset = charset();
                    for (String field : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
                        if (field.isEmpty()) {
                            continue;
                        }
                        int equals = field.indexOf('=');
                        String name = decode(equals < 0 ? field : field.substring(0, equals), charset);
                        String value = equals < 0 ? "" : decode(field.substring(equals + 1), charset);
                        all.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                    }
                }
                Map<String, String[]> result = new LinkedHashMap<>();
                all.forEach((name, values) -> result.put(name, values.toArray(String[]::new)));
                parameters = Collections.unmodifiableMap(result);
            }
            return parameters;
        }

        private boolean isForm() {
            String type = getContentType();
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        }

        private Charset charset() {
            String encoding = getCharacterEncoding();
            try {
                return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException unknownCharset) {
                return StandardCharsets.UTF_8;
            }
        }

        /** The field's bytes were read as ISO-8859-1 (one char per byte): decoded in the form's charset. */
        private static String decode(String latin1, Charset charset) {
            String text = new String(latin1.getBytes(StandardCharsets.ISO_8859_1), charset);
            try {
                return URLDecoder.decode(text, charset);
            } catch (IllegalArgumentException malformed) {
                // A broken escape: the field as sent, as Tomcat keeps what it cannot decode rather than failing.
                return text;
            }
        }
    }
}
