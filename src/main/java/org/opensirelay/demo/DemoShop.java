package org.opensirelay.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.dom.DOMSource;

import jakarta.xml.bind.JAXBElement;

import org.opensirelay.contract.ObjectFactory;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.SetOrderReturnDocumentsRequest;
import org.opensirelay.contract.SetOrderReturnStatesRequest;
import org.opensirelay.opensi.ContractItems;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.opensi.ReturnStateItem;
import org.opensirelay.text.Text;
import org.opensirelay.website.DemoMode;
import org.opensirelay.website.ShopConnector;
import org.opensirelay.website.WebsiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.ws.server.endpoint.annotation.Endpoint;
import org.springframework.ws.server.endpoint.annotation.PayloadRoot;
import org.springframework.ws.server.endpoint.annotation.RequestPayload;
import org.springframework.ws.server.endpoint.annotation.ResponsePayload;
import org.springframework.ws.soap.SoapHeaderElement;
import org.springframework.ws.soap.server.endpoint.annotation.FaultCode;
import org.springframework.ws.soap.server.endpoint.annotation.SoapFault;
import org.springframework.ws.soap.server.endpoint.annotation.SoapHeader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A stand-in for a shop's OpenSi connector at {@code <spring.webservices.path>/opensi}
 * ({@code /demo-shop/opensi}), served by the relay itself only while the relay runs as a demo
 * ({@link DemoMode}), so that a newcomer sees delivery happen. Built with Spring Web Services, as many shop
 * connectors are, from the same generated contract types: the relay's CXF client talks to it over
 * real HTTP, so the two SOAP stacks check each other. It checks the key and Website_Code like a shop
 * module, keeps what it receives in memory, logs it, and answers 1001 (new), 1002 (changed) or 2001
 * (already had it).
 */
@Endpoint
@Conditional(DemoMode.OnDemo.class)
class DemoShop {

    private static final Logger log = LoggerFactory.getLogger(DemoShop.class);
    private static final String HEADER = "{" + OpensiContract.NS + "}" + OpensiContract.HEADER_ELEMENT;

    private final WebsiteRegistry websites;
    private final ObjectFactory answers = new ObjectFactory();
    private final Map<String, String> received = new ConcurrentHashMap<>();

    DemoShop(WebsiteRegistry websites) {
        this.websites = websites;
    }

    @PayloadRoot(namespace = OpensiContract.NS, localPart = "setOrderReturnDocumentsRequest")
    @ResponsePayload
    JAXBElement<ReferenceResponses> setOrderReturnDocuments(
            @RequestPayload SetOrderReturnDocumentsRequest request, @SoapHeader(HEADER) SoapHeaderElement header) {
        authenticate(header, request.getWebsiteCode());
        List<ItemAnswer> answer = new ArrayList<>();
        for (ReturnDocument d : request.getOrderReturnDocument().stream()
                .map(ContractItems::returnDocument)
                .toList()) {
            int code = keep("return " + d.returnNumber(), d.webReturnNumber() + "|" + d.url());
            log.info(
                    "demo shop: return slip {} for shop return {} ({}) -> {}",
                    d.returnNumber(),
                    d.webReturnNumber(),
                    d.url(),
                    code);
            answer.add(answer(d.returnNumber(), code));
        }
        return answers.createSetOrderReturnDocumentsResponse(ContractItems.toContract(answer));
    }

    @PayloadRoot(namespace = OpensiContract.NS, localPart = "setCommentsRequest")
    @ResponsePayload
    JAXBElement<ReferenceResponses> setComments(
            @RequestPayload SetCommentsRequest request, @SoapHeader(HEADER) SoapHeaderElement header) {
        authenticate(header, request.getWebsiteCode());
        List<ItemAnswer> answer = new ArrayList<>();
        for (OrderComment c :
                request.getComment().stream().map(ContractItems::comment).toList()) {
            int code = keep(
                    "comment " + c.commentId(),
                    c.webOrderNumber() + "|" + c.comment() + "|" + c.commentDate() + "|" + c.sendMail() + "|"
                            + c.visibleForCustomer());
            log.info(
                    "demo shop: comment {} on order {} dated {}{}: \"{}\" -> {}",
                    c.commentId(),
                    c.webOrderNumber(),
                    c.commentDate(),
                    c.visibleForCustomer() ? " (visible to the customer)" : "",
                    Text.abbreviate(c.comment(), 60),
                    code);
            answer.add(answer(String.valueOf(c.commentId()), code));
        }
        return answers.createSetCommentsResponse(ContractItems.toContract(answer));
    }

    @PayloadRoot(namespace = OpensiContract.NS, localPart = "setOrderReturnStatesRequest")
    @ResponsePayload
    JAXBElement<ReferenceResponses> setOrderReturnStates(
            @RequestPayload SetOrderReturnStatesRequest request, @SoapHeader(HEADER) SoapHeaderElement header) {
        authenticate(header, request.getWebsiteCode());
        List<ItemAnswer> answer = new ArrayList<>();
        for (ReturnStateItem s : request.getOrderReturnState().stream()
                .map(ContractItems::returnState)
                .toList()) {
            int code = keep("return state " + s.webReturnNumber() + " " + s.returnState(), s.returnNumber());
            log.info(
                    "demo shop: return {} (ERP {}) is now {} -> {}",
                    s.webReturnNumber(),
                    s.returnNumber(),
                    s.returnState(),
                    code);
            answer.add(answer(s.webReturnNumber(), code));
        }
        return answers.createSetOrderReturnStatesResponse(ContractItems.toContract(answer));
    }

    /**
     * Two of the operations the relay passes through, so that a newcomer sees one reach the shop: every
     * stock or price line is "updated" (1002), keyed by its first field (the product reference).
     */
    @PayloadRoot(namespace = OpensiContract.NS, localPart = "setStocksRequest")
    @PayloadRoot(namespace = OpensiContract.NS, localPart = "setPricesRequest")
    @ResponsePayload
    Element setStocksOrPrices(@RequestPayload Element request, @SoapHeader(HEADER) SoapHeaderElement header) {
        String websiteCode = null;
        List<Element> lines = new ArrayList<>();
        for (Node n = request.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (OpensiContract.WEBSITE_CODE.equals(e.getLocalName())) {
                    websiteCode = e.getTextContent().strip();
                } else {
                    lines.add(e);
                }
            }
        }
        authenticate(header, websiteCode);
        String operation = request.getLocalName().replace(OpensiContract.REQUEST_SUFFIX, "");
        Document document = request.getOwnerDocument()
                .getImplementation()
                .createDocument(OpensiContract.NS, operation + "Response", null);
        Element answer = document.getDocumentElement();
        for (Element line : lines) {
            String reference = line.getFirstChild() == null ? "" : firstFieldOf(line);
            log.info("demo shop: {} {} passed through by the relay -> 1002", operation, Text.abbreviate(reference, 60));
            Element entry = document.createElementNS(OpensiContract.NS, "return");
            entry.appendChild(field(document, "Key", reference));
            entry.appendChild(field(document, "Code", "1002"));
            entry.appendChild(field(document, "Message", "Updated"));
            answer.appendChild(entry);
        }
        return answer;
    }

    private static String firstFieldOf(Element line) {
        for (Node n = line.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element field) {
                return field.getTextContent().strip();
            }
        }
        return line.getTextContent().strip();
    }

    private static Element field(Document document, String name, String value) {
        Element field = document.createElementNS(OpensiContract.TYPES_NS, name);
        field.setTextContent(value);
        return field;
    }

    /** A shop module's refusal of the whole call: a SOAP Client fault. */
    @SoapFault(faultCode = FaultCode.CLIENT)
    static final class AuthenticationFailed extends RuntimeException {
        AuthenticationFailed() {
            super("Authentification failed, please check your credentials!", null, false, false);
        }
    }

    private int keep(String key, String content) {
        String before = received.put(key, content);
        return before == null ? ItemAnswer.CREATED : before.equals(content) ? ItemAnswer.DUPLICATE : ItemAnswer.UPDATED;
    }

    private void authenticate(SoapHeaderElement header, String websiteCode) {
        // The demo website's connector, as the relay calls it: it has one once the relay listens.
        ShopConnector expected = websites.demoShop().orElseThrow(AuthenticationFailed::new);
        String key = header == null ? null : keyOf(((DOMSource) header.getSource()).getNode());
        boolean keyMatches = key != null
                && MessageDigest.isEqual(
                        key.getBytes(StandardCharsets.UTF_8), expected.key().getBytes(StandardCharsets.UTF_8));
        if (!keyMatches || !expected.websiteCode().equals(websiteCode)) {
            throw new AuthenticationFailed();
        }
    }

    private static String keyOf(Node headerElement) {
        for (Node n = headerElement.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (OpensiContract.HEADER_KEY.equals(n.getLocalName())) {
                return n.getTextContent().strip();
            }
        }
        return null;
    }

    private static ItemAnswer answer(String key, int code) {
        return switch (code) {
            case ItemAnswer.CREATED -> ItemAnswer.created(key);
            case ItemAnswer.UPDATED -> ItemAnswer.updated(key);
            default -> ItemAnswer.duplicate(key);
        };
    }
}
