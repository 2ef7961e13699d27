package org.opensirelay.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.handler.MessageContext;

import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxb.JAXBDataBinding;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.opensirelay.contract.FaultMsg;
import org.opensirelay.contract.OpensiPortType;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.SetOrderReturnDocumentsRequest;
import org.opensirelay.contract.SetOrderReturnStatesRequest;
import org.opensirelay.contract.types.OrderReturnState;
import org.opensirelay.ingest.ContractItems;
import org.opensirelay.ingest.OrderComment;
import org.opensirelay.ingest.ReturnDocument;
import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.returns.ReturnStateChange;
import org.opensirelay.website.ShopConnector;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * SOAP clients of the shops' own OpenSi connectors, generated from our WSDL: the same contract we
 * receive, SOAP 1.1, the shop's key in the header, finite connect and read timeouts. One client per
 * connector, built once the relay is ready (the demo shop's address is known only once the server
 * listens), or on first use for a connector it did not know then.
 */
@Component
class ShopClients {

    private final DeliveryProperties properties;
    private final Environment environment;
    private final WebsiteRegistry websites;
    private final Map<ShopConnector, OpensiPortType> clients = new ConcurrentHashMap<>();

    ShopClients(DeliveryProperties properties, Environment environment, WebsiteRegistry websites) {
        this.properties = properties;
        this.environment = environment;
        this.websites = websites;
    }

    /**
     * Builds every configured shop's client once the relay is up (it reads the WSDL and sets up the
     * JAXB binding: most of a second), so that the first delivery does not wait for it.
     */
    @EventListener(ApplicationReadyEvent.class)
    void prepare() {
        websites.activeWebsites()
                .forEach(website -> website.delivery().shopConnector().ifPresent(this::client));
    }

    List<ShopAnswer> sendReturnDocuments(ShopConnector shop, List<ReturnDocument> documents) throws ShopUnavailableException {
        SetOrderReturnDocumentsRequest request = new SetOrderReturnDocumentsRequest();
        request.setWebsiteCode(shop.websiteCode());
        documents.forEach(d -> request.getOrderReturnDocument().add(ContractItems.toContract(d)));
        return call(shop, client -> client.setOrderReturnDocuments(request));
    }

    List<ShopAnswer> sendComments(ShopConnector shop, List<OrderComment> comments) throws ShopUnavailableException {
        SetCommentsRequest request = new SetCommentsRequest();
        request.setWebsiteCode(shop.websiteCode());
        comments.forEach(c -> request.getComment().add(ContractItems.toContract(c)));
        return call(shop, client -> client.setComments(request));
    }

    List<ShopAnswer> sendReturnStates(ShopConnector shop, List<ReturnStateChange> changes) throws ShopUnavailableException {
        SetOrderReturnStatesRequest request = new SetOrderReturnStatesRequest();
        request.setWebsiteCode(shop.websiteCode());
        for (ReturnStateChange change : changes) {
            OrderReturnState item = new OrderReturnState();
            item.setReturnNumber(change.returnNumber());
            item.setWebReturnNumber(change.webReturnNumber());
            item.setReturnState(change.returnState());
            request.getOrderReturnState().add(item);
        }
        return call(shop, client -> client.setOrderReturnStates(request));
    }

    @FunctionalInterface
    private interface Operation {
        ReferenceResponses invoke(OpensiPortType client) throws FaultMsg;
    }

    private List<ShopAnswer> call(ShopConnector shop, Operation operation) throws ShopUnavailableException {
        OpensiPortType client = client(shop);
        ReferenceResponses response;
        try {
            response = operation.invoke(client);
        } catch (FaultMsg | WebServiceException e) {
            throw unavailable(shop, client, e);
        }
        return response == null ? List.of()
                : response.getReturn().stream().map(r -> new ShopAnswer(r.getKey(), r.getCode(), r.getMessage())).toList();
    }

    private ShopUnavailableException unavailable(ShopConnector shop, OpensiPortType client, Exception e) {
        // Names the shop's address, the HTTP status and the failure in words; never the key.
        Object status = ((BindingProvider) client).getResponseContext().get(MessageContext.HTTP_RESPONSE_CODE);
        String url = environment.resolvePlaceholders(shop.url());
        return new ShopUnavailableException(ShopFailure.describe(url, e, status instanceof Integer code ? code : null), e);
    }

    private OpensiPortType client(ShopConnector shop) {
        return clients.computeIfAbsent(shop, this::build);
    }

    private OpensiPortType build(ShopConnector shop) {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(OpensiPortType.class);
        factory.setAddress(environment.resolveRequiredPlaceholders(shop.url()));
        factory.setWsdlURL(OpensiContract.WSDL_LOCATION);
        factory.setServiceName(OpensiContract.SERVICE);
        factory.setEndpointName(OpensiContract.PORT);
        OpensiPortType port = (OpensiPortType) factory.create();

        org.opensirelay.contract.Header header = new org.opensirelay.contract.Header();
        header.setKey(shop.key());
        try {
            ((BindingProvider) port).getRequestContext().put(Header.HEADER_LIST,
                    List.of(new Header(OpensiContract.HEADER, header, new JAXBDataBinding(org.opensirelay.contract.Header.class))));
        } catch (JAXBException e) {
            throw new IllegalStateException("The contract's Header type cannot be bound", e);
        }
        Client client = ClientProxy.getClient(port);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(properties.connectTimeout().toMillis());
        policy.setReceiveTimeout(properties.readTimeout().toMillis());
        policy.setAllowChunking(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
        return port;
    }
}
