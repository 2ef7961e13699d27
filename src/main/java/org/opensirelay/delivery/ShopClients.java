package org.opensirelay.delivery;

import java.util.List;
import java.util.Map;

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
import org.opensirelay.opensi.ContractItems;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.website.ShopConnector;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The SOAP client of the shops' own OpenSi connectors, generated from our WSDL: the same contract we
 * receive, SOAP 1.1, the shop's key in the header, finite connect and read timeouts. One client for
 * every shop, built once (reading the WSDL and setting up the JAXB binding takes most of a second and
 * about 125 KB: built per website, 2,000 websites exhausted a 192 MB heap); each call sets the
 * address and the key on its own thread's request context.
 */
@Component
class ShopClients {

    private final DeliveryProperties properties;
    private final Environment environment;
    private final JAXBDataBinding headerBinding;
    private volatile OpensiPortType shared;

    ShopClients(DeliveryProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
        try {
            this.headerBinding = new JAXBDataBinding(org.opensirelay.contract.Header.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("The contract's Header type cannot be bound", e);
        }
    }

    /** Builds the client once the relay is up, so that the first delivery does not wait for it. */
    @EventListener(ApplicationReadyEvent.class)
    void prepare() {
        client();
    }

    List<ItemAnswer> sendReturnDocuments(ShopConnector shop, List<ReturnDocument> documents)
            throws ShopUnavailableException {
        SetOrderReturnDocumentsRequest request = new SetOrderReturnDocumentsRequest();
        request.setWebsiteCode(shop.websiteCode());
        documents.forEach(d -> request.getOrderReturnDocument().add(ContractItems.toContract(d)));
        return call(shop, client -> client.setOrderReturnDocuments(request));
    }

    List<ItemAnswer> sendComments(ShopConnector shop, List<OrderComment> comments) throws ShopUnavailableException {
        SetCommentsRequest request = new SetCommentsRequest();
        request.setWebsiteCode(shop.websiteCode());
        comments.forEach(c -> request.getComment().add(ContractItems.toContract(c)));
        return call(shop, client -> client.setComments(request));
    }

    List<ItemAnswer> sendReturnStates(ShopConnector shop, List<ReturnStateChange> changes)
            throws ShopUnavailableException {
        SetOrderReturnStatesRequest request = new SetOrderReturnStatesRequest();
        request.setWebsiteCode(shop.websiteCode());
        changes.forEach(c -> request.getOrderReturnState().add(ContractItems.toContract(c.item())));
        return call(shop, client -> client.setOrderReturnStates(request));
    }

    @FunctionalInterface
    private interface Operation {
        ReferenceResponses invoke(OpensiPortType client) throws FaultMsg;
    }

    private List<ItemAnswer> call(ShopConnector shop, Operation operation) throws ShopUnavailableException {
        OpensiPortType client = client();
        // This thread's request context (thread.local.request.context): the shop's address and key.
        Map<String, Object> context = ((BindingProvider) client).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, shop.url().toString());
        org.opensirelay.contract.Header header = new org.opensirelay.contract.Header();
        header.setKey(shop.key());
        context.put(Header.HEADER_LIST, List.of(new Header(OpensiContract.HEADER, header, headerBinding)));
        ReferenceResponses response;
        try {
            response = operation.invoke(client);
        } catch (FaultMsg | WebServiceException e) {
            throw unavailable(shop, client, e);
        } finally {
            context.remove(Header.HEADER_LIST);
        }
        return ContractItems.answers(response);
    }

    private ShopUnavailableException unavailable(ShopConnector shop, OpensiPortType client, Exception e) {
        // Names the shop's address, the HTTP status and the failure in words; never the key.
        Object status = ((BindingProvider) client).getResponseContext().get(MessageContext.HTTP_RESPONSE_CODE);
        String url = shop.url().toString();
        return new ShopUnavailableException(
                ShopFailure.describe(url, e, status instanceof Integer code ? code : null), e);
    }

    private OpensiPortType client() {
        OpensiPortType client = shared;
        if (client == null) {
            synchronized (this) {
                if (shared == null) {
                    shared = build();
                }
                client = shared;
            }
        }
        return client;
    }

    private OpensiPortType build() {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(OpensiPortType.class);
        factory.setWsdlURL(OpensiContract.WSDL_LOCATION);
        factory.setServiceName(OpensiContract.SERVICE);
        factory.setEndpointName(OpensiContract.PORT);
        OpensiPortType port = (OpensiPortType) factory.create();
        // One client, many threads and shops: each thread's address and key stay its own.
        ((BindingProvider) port).getRequestContext().put("thread.local.request.context", "true");
        Client client = ClientProxy.getClient(port);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(properties.connectTimeout().toMillis());
        policy.setReceiveTimeout(properties.readTimeout().toMillis());
        policy.setAllowChunking(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
        return port;
    }
}
