package org.opensirelay.passthrough;

import javax.xml.stream.XMLInputFactory;

import org.opensirelay.access.FilterOrder;
import org.opensirelay.soap.LimitedXmlInputFactory;
import org.opensirelay.soap.SoapEndpoint;
import org.opensirelay.soap.XmlLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pass-through stands on the OpenSi endpoint's own URL, right behind the SOAP guard. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassThroughProperties.class)
class PassThroughConfiguration {

    @Bean
    FilterRegistrationBean<PassThroughFilter> passThroughFilter(
            PassThrough passThrough, XmlLimits limits, @Value("${cxf.path:/services}") String cxfPath) {
        ThreadLocal<XMLInputFactory> factories = ThreadLocal.withInitial(() -> LimitedXmlInputFactory.create(limits));
        FilterRegistrationBean<PassThroughFilter> registration =
                new FilterRegistrationBean<>(new PassThroughFilter(passThrough, factories));
        registration.addUrlPatterns(cxfPath.replaceAll("/+$", "") + SoapEndpoint.PATH);
        registration.setOrder(FilterOrder.PASS_THROUGH);
        registration.setAsyncSupported(true);
        return registration;
    }
}
