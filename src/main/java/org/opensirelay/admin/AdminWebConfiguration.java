package org.opensirelay.admin;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.access.FilterOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admin API ({@code /api}) and the actuator endpoints answer only to the admin token. */
@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration {

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(
            AdminToken token,
            CredentialThrottle throttle,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        // Wherever the actuator is moved to, the token stands in front of it.
        String actuator = actuatorBasePath.replaceAll("/+$", "");
        FilterRegistrationBean<AdminTokenFilter> registration =
                new FilterRegistrationBean<>(new AdminTokenFilter(token, actuator, throttle));
        // Every request: the filter itself decides on the routed path, which a URL pattern does not see.
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.TOKEN_CHECKS);
        return registration;
    }
}
