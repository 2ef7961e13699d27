package org.opensirelay.access;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bound on request bodies, in front of every HTTP entry point but SOAP's own guard. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(
            HttpLimits limits, @Value("${cxf.path:/services}") String cxfPath) {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(limits, RequestPaths.normalise(cxfPath)));
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.BODY_LIMIT);
        return registration;
    }
}
