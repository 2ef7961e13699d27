package org.opensirelay.soap;

import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.saaj.SAAJInInterceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The web-service wiring in one place: the OpenSi endpoint at {@code <cxf.path>/opensi}
 * ({@code /soap/opensi} by default), serving our own WSDL and schemas as {@code ?wsdl} and
 * {@code ?xsd=}, with the contract check and the audit around it.
 */
@Configuration(proxyBeanMethods = false)
class SoapConfiguration {

    static final String ENDPOINT_PATH = "/opensi";

    @Bean
    EndpointImpl opensiEndpointPublication(Bus bus, OpensiEndpoint implementation, ContractCheckInterceptor contractCheck,
                                           RequestAudit audit) {
        EndpointImpl endpoint = new EndpointImpl(bus, implementation);
        endpoint.setWsdlLocation(OpensiContract.WSDL_LOCATION);
        endpoint.setServiceName(OpensiContract.SERVICE);
        endpoint.setEndpointName(OpensiContract.PORT);
        endpoint.getInInterceptors().add(audit.arrival());
        endpoint.getInInterceptors().add(new SAAJInInterceptor());
        endpoint.getInInterceptors().add(contractCheck);
        endpoint.getOutInterceptors().add(audit.departure());
        endpoint.getOutFaultInterceptors().add(audit.departure());
        endpoint.publish(ENDPOINT_PATH);
        return endpoint;
    }
}
