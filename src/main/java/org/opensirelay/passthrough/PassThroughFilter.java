package org.opensirelay.passthrough;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.access.BoundedBody;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On the OpenSi endpoint, behind the SOAP guard (which has read the body, bounded): a request whose
 * body holds one request of an operation of the real contract that the relay does not answer itself
 * goes to the {@link PassThrough}; everything else — the relay's own operations, names the contract
 * does not have, what is no request at all — goes on to the endpoint, which answers or says what is wrong.
 */
final class PassThroughFilter extends OncePerRequestFilter {

    private final PassThrough passThrough;
    private final ThreadLocal<XMLInputFactory> factories;

    PassThroughFilter(PassThrough passThrough, ThreadLocal<XMLInputFactory> factories) {
        this.passThrough = passThrough;
        this.factories = factories;
    }

    /** A body received without a thread comes back, through the SOAP guard, on an async dispatch. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = "POST".equalsIgnoreCase(request.getMethod()) ? BoundedBody.alreadyRead(request) : null;
        String document = body == null ? null : utf8(body);
        EnvelopeHead head = document == null ? null : head(document);
        // Only the operations of the real contract pass (EnvelopeHead.passesThrough): a name it does not have never
        // reaches a shop.
        if (head == null || passThrough.relayAnswers(head)) {
            chain.doFilter(request, response);
            return;
        }
        passThrough.handle(request, response, head, body, document);
    }

    private EnvelopeHead head(String document) {
        try {
            return EnvelopeHead.read(document, factories.get());
        } catch (XMLStreamException | RuntimeException unreadable) {
            // The endpoint reads it again and says what is wrong with it.
            return null;
        }
    }

    /** The body as text, or null when it is not UTF-8 (the endpoint refuses it then). */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
