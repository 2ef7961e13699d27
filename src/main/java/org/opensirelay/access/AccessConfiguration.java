package org.opensirelay.access;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bounds on request bodies, in front of every HTTP entry point but SOAP's own guard (which
 * receives its bodies the same way), and how exchanges end that cannot end cleanly.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    BodyReception bodyReception(HttpLimits limits) {
        return new BodyReception(limits);
    }

    @Bean
    FilterRegistrationBean<ExchangeEndings> exchangeEndings() {
        FilterRegistrationBean<ExchangeEndings> registration = new FilterRegistrationBean<>(new ExchangeEndings());
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.EXCHANGE_ENDINGS);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(
            HttpLimits limits, BodyReception reception, @Value("${cxf.path:/services}") String cxfPath) {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(limits, RequestPaths.normalise(cxfPath), reception));
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.BODY_LIMIT);
        return registration;
    }
}
