package org.opensirelay.soap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.xml.stream.XMLInputFactory;

import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.binding.soap.interceptor.ReadHeadersInterceptor;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.security.SecurityConstants;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.opensirelay.access.BodyReception;
import org.opensirelay.access.FilterOrder;
import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.website.WebsiteAuthenticator;
import org.springframework.beans.factory.annotation.Value;
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

    @Bean
    FilterRegistrationBean<SoapRequestGuard> soapRequestGuard(
            XmlLimits limits, BodyReception reception, @Value("${cxf.path:/services}") String cxfPath) {
        FilterRegistrationBean<SoapRequestGuard> registration =
                new FilterRegistrationBean<>(new SoapRequestGuard(limits, reception));
        // Wherever cxf.path puts the SOAP endpoints, the guard stands in front of them.
        registration.addUrlPatterns(cxfPath.replaceAll("/+$", "") + "/*");
        registration.setOrder(FilterOrder.SOAP_GUARD);
        return registration;
    }

    @Bean
    EndpointImpl opensiEndpointPublication(
            Bus bus,
            OpensiEndpoint implementation,
            ContractCheckInterceptor contractCheck,
            RequestAudit audit,
            XmlLimits limits,
            WebsiteAuthenticator authenticator) {
        EndpointImpl endpoint = new EndpointImpl(bus, implementation);
        endpoint.setWsdlLocation(OpensiContract.WSDL_LOCATION);
        endpoint.setServiceName(OpensiContract.SERVICE);
        endpoint.setEndpointName(OpensiContract.PORT);
        endpoint.getInInterceptors().add(audit.arrival());
        endpoint.getInInterceptors().add(readerFactoryPerThread(limits));
        endpoint.getInInterceptors().add(new RequestBodyInterceptor());
        endpoint.getInInterceptors().add(usernameTokens(authenticator));
        endpoint.getInInterceptors().add(contractCheck);
        endpoint.getOutInterceptors().add(audit.departure());
        endpoint.getOutFaultInterceptors().add(new UnreadableRequestInterceptor());
        endpoint.getOutFaultInterceptors().add(new SecurityFaultInterceptor());
        endpoint.getOutFaultInterceptors().add(audit.departure());
        endpoint.setProperties(new HashMap<>(Map.of(
                // A UsernameToken's nonce is accepted once.
                SecurityConstants.ENABLE_NONCE_CACHE, true)));
        endpoint.publish(SoapEndpoint.PATH);
        answerSoap12InSoap12(endpoint, bus);
        return endpoint;
    }

    /**
     * CXF's StAX reader for every request of this endpoint comes from a factory with the relay.xml
     * limits, DTDs and external entities refused. CXF locks the factory it is given while it makes a
     * reader, so one shared factory had every request thread queue on it: each thread has its own.
     */
    private static AbstractPhaseInterceptor<Message> readerFactoryPerThread(XmlLimits limits) {
        ThreadLocal<XMLInputFactory> factories = ThreadLocal.withInitial(() -> LimitedXmlInputFactory.create(limits));
        return new AbstractPhaseInterceptor<>(Phase.RECEIVE) {
            @Override
            public void handleMessage(Message message) {
                message.put(XMLInputFactory.class.getName(), factories.get());
            }
        };
    }

    /**
     * WS-Security for the websites that use a UsernameToken: any token present is verified (digest
     * against the website's password, nonce replay cache, creation time within 5 minutes); whether a
     * website requires one is decided afterwards, per website, by the contract check. Requests
     * without a security header pass untouched.
     */
    private static WSS4JInInterceptor usernameTokens(WebsiteAuthenticator authenticator) {
        CallbackHandler passwords = callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof WSPasswordCallback password) {
                    authenticator
                            .usernameTokenPassword(password.getIdentifier())
                            .ifPresent(password::setPassword);
                }
            }
        };
        WSS4JInInterceptor interceptor = new WSS4JInInterceptor(true) {
            // No action is required of every request, so CXF would not set up its nonce cache
            // (it does only for configured UsernameToken actions): a token must still be used once.
            @Override
            protected boolean isNonceCacheRequired(List<Integer> actions, SoapMessage message) {
                return true;
            }

            // Most requests carry the OpenSi header key and no WS-Security header: WSS4J would still
            // look through the whole envelope for one. The headers CXF has read already tell (WSS4J
            // itself looks for wsse:Security in the WS-Security 1.0 namespace, also used by 1.1).
            @Override
            public void handleMessage(SoapMessage message) {
                if (RequestBodyInterceptor.hasSecurityHeader(message)) {
                    super.handleMessage(message);
                }
            }
        };
        interceptor.setProperties(new HashMap<>(Map.of(ConfigurationConstants.PW_CALLBACK_REF, passwords)));
        return interceptor;
    }

    /**
     * The contract's binding is SOAP 1.1, and CXF's SOAP 1.1 binding answers a SOAP 1.2 envelope
     * with a SOAP 1.1 VersionMismatch fault that a SOAP 1.2 client cannot read. Reading the envelope
     * version from the message instead (a {@link ReadHeadersInterceptor} bound to no version) makes
     * the same address answer SOAP 1.2 requests, and their faults, in SOAP 1.2.
     */
    private static void answerSoap12InSoap12(EndpointImpl endpoint, Bus bus) {
        List<Interceptor<? extends Message>> interceptors =
                endpoint.getServer().getEndpoint().getBinding().getInInterceptors();
        interceptors.removeIf(ReadHeadersInterceptor.class::isInstance);
        interceptors.add(new ReadHeadersInterceptor(bus, (SoapVersion) null));
    }
}
