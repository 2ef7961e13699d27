package org.opensirelay.support;

import jakarta.xml.bind.JAXBElement;

import org.opensirelay.contract.Fault;
import org.opensirelay.contract.Header;
import org.opensirelay.contract.ReferenceResponses;
import org.springframework.oxm.jaxb.Jaxb2Marshaller;
import org.springframework.ws.client.core.WebServiceTemplate;
import org.springframework.ws.soap.SoapMessage;
import org.springframework.ws.soap.client.SoapFaultClientException;

/**
 * An ERP client built on the other SOAP stack, Spring Web Services: a {@link WebServiceTemplate}
 * with a JAXB marshaller over the contract's generated types, the key in the OpenSi header. It
 * shares nothing with the relay's CXF endpoint but the WSDL's types, so what one stack writes the
 * other must read.
 */
public final class SpringWsErpClient {

    private final Jaxb2Marshaller marshaller = new Jaxb2Marshaller();
    private final WebServiceTemplate template;
    private final String key;

    public SpringWsErpClient(String endpoint, String key) {
        this.key = key;
        marshaller.setContextPaths("org.opensirelay.contract", "org.opensirelay.contract.types");
        try {
            marshaller.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("The contract's types cannot be bound", e);
        }
        template = new WebServiceTemplate(marshaller);
        template.setDefaultUri(endpoint);
    }

    /** Sends a set* request and returns its answer entries. */
    public ReferenceResponses set(Object request) {
        JAXBElement<?> answer = (JAXBElement<?>) send(request);
        return (ReferenceResponses) answer.getValue();
    }

    /** Sends any request of the contract and returns the unmarshalled answer. */
    public Object send(Object request) {
        return template.marshalSendAndReceive(request, message -> {
            Header header = new Header();
            header.setKey(key);
            marshaller.marshal(header, ((SoapMessage) message).getSoapHeader().getResult());
        });
    }

    /** The contract's fault detail of a SOAP fault the relay answered. */
    public Fault detail(SoapFaultClientException fault) {
        return (Fault) marshaller.unmarshal(
                fault.getSoapFault().getFaultDetail().getDetailEntries().next().getSource());
    }
}
