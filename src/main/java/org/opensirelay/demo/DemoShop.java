package org.opensirelay.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Resource;
import jakarta.xml.ws.WebServiceContext;

import org.apache.cxf.headers.Header;
import org.opensirelay.contract.FaultMsg;
import org.opensirelay.contract.GetDatetimeRequest;
import org.opensirelay.contract.GetDatetimeResponse;
import org.opensirelay.contract.GetVersionRequest;
import org.opensirelay.contract.GetVersionResponse;
import org.opensirelay.contract.OpensiPortType;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.SetOrderReturnDocumentsRequest;
import org.opensirelay.contract.types.Comment;
import org.opensirelay.contract.types.OrderReturnDocument;
import org.opensirelay.contract.types.ReferenceResponse;
import org.opensirelay.website.ShopConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * A stand-in for a shop's OpenSi connector, served by the relay itself only while the demo website
 * is active, so that a newcomer sees delivery happen. It checks the key and Website_Code like a
 * shop module, keeps what it receives in memory, logs it, and answers 1001 (new), 1002 (changed)
 * or 2001 (already had it).
 */
class DemoShop implements OpensiPortType {

    private static final Logger log = LoggerFactory.getLogger(DemoShop.class);

    private final ShopConnector expected;
    private final Map<String, String> received = new ConcurrentHashMap<>();

    @Resource
    private WebServiceContext context;

    DemoShop(ShopConnector expected) {
        this.expected = expected;
    }

    @Override
    public ReferenceResponses setOrderReturnDocuments(SetOrderReturnDocumentsRequest parameters) throws FaultMsg {
        authenticate(parameters.getWebsiteCode());
        ReferenceResponses answer = new ReferenceResponses();
        for (OrderReturnDocument d : parameters.getOrderReturnDocument()) {
            int code = keep("return " + d.getReturnNumber(), d.getWebReturnNumber() + "|" + d.getUrl());
            log.info("demo shop: return slip {} for shop return {} ({}) -> {}", d.getReturnNumber(), d.getWebReturnNumber(), d.getUrl(), code);
            answer.getReturn().add(entry(d.getReturnNumber(), code));
        }
        return answer;
    }

    @Override
    public ReferenceResponses setComments(SetCommentsRequest parameters) throws FaultMsg {
        authenticate(parameters.getWebsiteCode());
        ReferenceResponses answer = new ReferenceResponses();
        for (Comment c : parameters.getComment()) {
            int code = keep("comment " + c.getCommentId(), c.getWebOrderNumber() + "|" + c.getComment() + "|" + c.getCommentDate()
                    + "|" + c.isSendMail() + "|" + c.isVisibleForCustomer());
            log.info("demo shop: comment {} on order {} dated {}{}: \"{}\" -> {}", c.getCommentId(), c.getWebOrderNumber(),
                    c.getCommentDate(), c.isVisibleForCustomer() ? " (visible to the customer)" : "", abbreviate(c.getComment()), code);
            answer.getReturn().add(entry(String.valueOf(c.getCommentId()), code));
        }
        return answer;
    }

    @Override
    public GetVersionResponse getVersion(GetVersionRequest parameters) {
        GetVersionResponse response = new GetVersionResponse();
        response.setReturn("opensi-relay demo shop");
        return response;
    }

    @Override
    public GetDatetimeResponse getDatetime(GetDatetimeRequest parameters) {
        GetDatetimeResponse response = new GetDatetimeResponse();
        response.setReturn(LocalDateTime.now().withNano(0).toString().replace('T', ' '));
        return response;
    }

    private int keep(String key, String content) {
        String before = received.put(key, content);
        return before == null ? 1001 : before.equals(content) ? 2001 : 1002;
    }

    private void authenticate(String websiteCode) throws FaultMsg {
        String key = null;
        @SuppressWarnings("unchecked")
        List<Header> headers = (List<Header>) context.getMessageContext().get(Header.HEADER_LIST);
        if (headers != null) {
            for (Header header : headers) {
                if (header.getObject() instanceof Element element && "Header".equals(element.getLocalName())) {
                    key = element.getTextContent().strip();
                }
            }
        }
        boolean keyMatches = key != null && MessageDigest.isEqual(
                key.getBytes(StandardCharsets.UTF_8), expected.key().getBytes(StandardCharsets.UTF_8));
        if (!keyMatches || !expected.websiteCode().equals(websiteCode)) {
            throw new FaultMsg("Authentification failed, please check your credentials!");
        }
    }

    private static ReferenceResponse entry(String key, int code) {
        ReferenceResponse entry = new ReferenceResponse();
        entry.setKey(key);
        entry.setCode(code);
        entry.setMessage(code == 1001 ? "Created" : code == 1002 ? "Updated" : "Already known");
        return entry;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }
}
