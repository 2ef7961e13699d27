package org.opensirelay.soap;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.xml.soap.SOAPException;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.message.token.UsernameToken;
import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.text.Text;
import org.opensirelay.website.AuthenticationFailedException;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteAuthenticator;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks every request before anything is unmarshalled or stored, on the DOM that
 * {@link RequestBodyInterceptor} built: a known operation, the header key, the key against the
 * {@code Website_Code}, then the whole request against the schema. Any failure is a SOAP Fault and
 * the endpoint is never called.
 */
@Component
class ContractCheckInterceptor extends AbstractSoapInterceptor {

    static final String AUTHENTICATION_FAILED = "Authentification failed, please check your credentials!";

    private final WebsiteAuthenticator authenticator;
    private final ContractValidator validator;
    private final CredentialThrottle throttle;

    ContractCheckInterceptor(
            WebsiteAuthenticator authenticator, ContractValidator validator, CredentialThrottle throttle) {
        super(Phase.USER_PROTOCOL);
        this.authenticator = authenticator;
        this.validator = validator;
        this.throttle = throttle;
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        InboundRequest request = InboundRequest.of(message);
        SoapVersion version = message.getVersion();
        Element envelopeBody;
        try {
            envelopeBody = RequestBodyInterceptor.bodyOf(message);
        } catch (SOAPException e) {
            throw refuse(
                    request,
                    version,
                    FaultReason.UNKNOWN_OPERATION,
                    "The SOAP envelope cannot be read: " + e.getMessage());
        }
        if (envelopeBody == null) {
            // CXF would otherwise try to invoke an operation from the URL of a GET.
            SoapFault fault = refuse(
                    request,
                    version,
                    FaultReason.UNKNOWN_OPERATION,
                    "Send OpenSi requests as SOAP envelopes with HTTP POST; GET serves only ?wsdl and ?xsd=");
            fault.setStatusCode(405);
            throw fault;
        }
        Element body = singleChild(envelopeBody);
        if (body == null) {
            throw refuse(
                    request,
                    version,
                    FaultReason.UNKNOWN_OPERATION,
                    "The SOAP body must hold exactly one request element of the OpenSi contract");
        }
        Operation operation = Operation.byRequestElement(body.getNamespaceURI(), body.getLocalName())
                .orElseThrow(() -> refuse(
                        request,
                        version,
                        FaultReason.UNKNOWN_OPERATION,
                        "Unknown operation: {" + body.getNamespaceURI() + "}" + body.getLocalName()
                                + " is not a request of the OpenSi contract served here"));
        request.operation = operation;
        // Read as a real connector reads it where nothing is lost by it, before any field is looked at;
        // the log line and the audit row say what differed.
        List<String> tolerated = LenientReading.apply(body, operation, validator.schema());
        if (!tolerated.isEmpty()) {
            request.detail = "tolerated: " + String.join("; ", tolerated);
        }

        String key = headerKey(message);
        String address = clientAddress(message);
        String code = operation.websiteCode() == Operation.WebsiteCode.NONE
                ? null
                : childText(body, operation.childNamespace(), OpensiContract.WEBSITE_CODE);
        // Failures count per address and website: a QA suite's wrong key on one website does not lock
        // out a real ERP of another website behind the same address, and guessing one website's key
        // stays as slow as before.
        String bucket = "soap " + address + " " + (code == null ? "" : Text.abbreviate(code, 64));
        Duration locked = throttle.lockedFor(bucket);
        if (locked != null) {
            SoapFault fault = refuse(
                    request,
                    version,
                    FaultReason.TOO_MANY_FAILURES,
                    "Too many failed authentications from "
                            + address
                            + (code == null || code.isEmpty()
                                    ? ""
                                    : " for Website_Code '" + Text.printable(Text.abbreviate(code, 64)) + "'")
                            + ": try again in " + Math.max(1, locked.toSeconds()) + " s");
            fault.setStatusCode(429);
            throw fault;
        }
        if (operation.itemElement() != null) {
            request.itemCount = countChildren(body, operation.childNamespace(), operation.itemElement());
        }
        if (code != null && !code.isEmpty()) {
            request.websiteCode(code);
        }
        String tokenUser = verifiedUsernameToken(message);
        requireCredentials(request, version, key, tokenUser);
        if (operation.websiteCode() == Operation.WebsiteCode.REQUIRED && (code == null || code.isEmpty())) {
            throw refuse(
                    request,
                    version,
                    FaultReason.MISSING_WEBSITE_CODE,
                    "Website_Code is missing: it names the website the items are for");
        }
        WebsiteAuthenticator.Opened opened;
        if (code != null && !code.isEmpty()) {
            try {
                opened = authenticator.open(code, key, tokenUser);
            } catch (AuthenticationFailedException e) {
                throw authenticationFailed(
                        request, version, e, " (Website_Code '" + request.websiteCode + "')", bucket);
            }
        } else {
            // No Website_Code (or a nil one in the "get" shape): the website the key opens.
            try {
                opened = authenticator.openAny(key, tokenUser);
            } catch (AuthenticationFailedException e) {
                throw authenticationFailed(request, version, e, "", bucket);
            }
            request.websiteCode(opened.website().code());
        }
        Website website = opened.website();
        request.credential = opened.credential().label();
        request.rotating = opened.rotating();

        List<Violation> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            SoapFault fault = SoapFaults.invalidRequest(version, violations);
            request.refused(FaultReason.INVALID_REQUEST, violations.size() + " violations: " + fault.getMessage());
            throw fault;
        }
        request.website = website;
    }

    /** The TCP peer (behind a proxy, the proxy: set server.forward-headers-strategy to trust its headers). */
    private static String clientAddress(SoapMessage message) {
        Object http = message.get(AbstractHTTPDestination.HTTP_REQUEST);
        return http instanceof HttpServletRequest servletRequest ? servletRequest.getRemoteAddr() : "unknown";
    }

    private static void requireCredentials(InboundRequest request, SoapVersion version, String key, String tokenUser) {
        if ((key == null || key.isEmpty()) && tokenUser == null) {
            throw refuse(
                    request,
                    version,
                    FaultReason.MISSING_KEY,
                    "The connector key is missing: the SOAP header must hold <Header xmlns=\"" + OpensiContract.NS
                            + "\"><key>...</key></Header> (or, for websites set up for it, a WS-Security UsernameToken)");
        }
    }

    /**
     * The user of the UsernameToken WS-Security verified in this request (password digest, nonce
     * not seen before, fresh creation time), or null. A token with a plain-text password does not count.
     */
    @SuppressWarnings("unchecked")
    private static String verifiedUsernameToken(SoapMessage message) {
        Object results = message.get(WSHandlerConstants.RECV_RESULTS);
        if (!(results instanceof List<?> handlerResults)) {
            return null;
        }
        for (WSHandlerResult handlerResult : (List<WSHandlerResult>) handlerResults) {
            for (WSSecurityEngineResult result : handlerResult.getResults()) {
                if (Integer.valueOf(WSConstants.UT).equals(result.get(WSSecurityEngineResult.TAG_ACTION))
                        && result.get(WSSecurityEngineResult.TAG_USERNAME_TOKEN) instanceof UsernameToken token
                        && WSConstants.PASSWORD_DIGEST.equals(token.getPasswordType())) {
                    return token.getName();
                }
            }
        }
        return null;
    }

    private SoapFault authenticationFailed(
            InboundRequest request, SoapVersion version, AuthenticationFailedException e, String about, String bucket) {
        if (e.reason() == AuthenticationFailedException.Reason.WEBSITE_DISABLED) {
            // Said only to who holds the website's credentials: an operator turned it off, and the ERP's people should
            // know.
            return refuse(
                    request,
                    version,
                    FaultReason.WEBSITE_DISABLED,
                    "The website" + about + " is disabled on this relay: nothing"
                            + " was stored, and its requests are refused until an operator enables it again");
        }
        throttle.failed(bucket);
        // Every other way of failing gets the same answer; only the audit knows which one it was.
        SoapFault fault = SoapFaults.client(version, FaultReason.AUTHENTICATION_FAILED, AUTHENTICATION_FAILED + about);
        request.refused(FaultReason.AUTHENTICATION_FAILED, e.reason().name());
        return fault;
    }

    private static SoapFault refuse(InboundRequest request, SoapVersion version, FaultReason reason, String message) {
        request.refused(reason, message);
        return SoapFaults.client(version, reason, message);
    }

    /** The key of the OpenSi header, from the headers CXF has read (DOM elements, SAAJ's or plain). */
    private static String headerKey(SoapMessage message) {
        if (!message.hasHeaders()) {
            return null;
        }
        for (Header header : message.getHeaders()) {
            if (header.getName().equals(OpensiContract.HEADER) && header.getObject() instanceof Element element) {
                return childText(element, OpensiContract.NS, OpensiContract.HEADER_KEY);
            }
        }
        return null;
    }

    /** The only element child of the body, or null when there is none or more than one. */
    private static Element singleChild(Node parent) {
        Element found = null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (found != null) {
                    return null;
                }
                found = e;
            }
        }
        return found;
    }

    private static String childText(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static int countChildren(Element parent, String namespace, String localName) {
        int count = 0;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                count++;
            }
        }
        return count;
    }
}
