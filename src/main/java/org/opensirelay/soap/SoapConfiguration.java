package org.opensirelay.soap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.binding.soap.interceptor.ReadHeadersInterceptor;
import org.apache.cxf.binding.soap.saaj.SAAJInInterceptor;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.staxutils.StaxUtils;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
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
    FilterRegistrationBean<SoapRequestGuard> soapRequestGuard(XmlLimits limits) {
        FilterRegistrationBean<SoapRequestGuard> registration = new FilterRegistrationBean<>(new SoapRequestGuard(limits));
        registration.addUrlPatterns("/soap/*");
        return registration;
    }

    @Bean
    EndpointImpl opensiEndpointPublication(Bus bus, OpensiEndpoint implementation, ContractCheckInterceptor contractCheck,
                                           RequestAudit audit, XmlLimits limits) {
        EndpointImpl endpoint = new EndpointImpl(bus, implementation);
        endpoint.setWsdlLocation(OpensiContract.WSDL_LOCATION);
        endpoint.setServiceName(OpensiContract.SERVICE);
        endpoint.setEndpointName(OpensiContract.PORT);
        endpoint.getInInterceptors().add(audit.arrival());
        endpoint.getInInterceptors().add(new SAAJInInterceptor());
        endpoint.getInInterceptors().add(contractCheck);
        endpoint.getOutInterceptors().add(audit.departure());
        endpoint.getOutFaultInterceptors().add(new UnreadableRequestInterceptor());
        endpoint.getOutFaultInterceptors().add(audit.departure());
        // Read by CXF's StAX reader for every request of this endpoint; DTDs are refused by CXF's defaults.
        endpoint.setProperties(new HashMap<>(Map.of(
                StaxUtils.MAX_ELEMENT_DEPTH, limits.maxDepth(),
                StaxUtils.MAX_ELEMENT_COUNT, limits.maxElements(),
                StaxUtils.MAX_CHILD_ELEMENTS, limits.maxChildElements(),
                StaxUtils.MAX_ATTRIBUTE_COUNT, limits.maxAttributes(),
                StaxUtils.MAX_ATTRIBUTE_SIZE, limits.maxAttributeSize(),
                StaxUtils.MAX_TEXT_LENGTH, limits.maxTextLength())));
        endpoint.publish(ENDPOINT_PATH);
        answerSoap12InSoap12(endpoint, bus);
        return endpoint;
    }

    /**
     * The contract's binding is SOAP 1.1, and CXF's SOAP 1.1 binding answers a SOAP 1.2 envelope
     * with a SOAP 1.1 VersionMismatch fault that a SOAP 1.2 client cannot read. Reading the envelope
     * version from the message instead (a {@link ReadHeadersInterceptor} bound to no version) makes
     * the same address answer SOAP 1.2 requests, and their faults, in SOAP 1.2.
     */
    private static void answerSoap12InSoap12(EndpointImpl endpoint, Bus bus) {
        List<Interceptor<? extends Message>> interceptors = endpoint.getServer().getEndpoint().getBinding().getInInterceptors();
        interceptors.removeIf(ReadHeadersInterceptor.class::isInstance);
        interceptors.add(new ReadHeadersInterceptor(bus, (SoapVersion) null));
    }
}
