package org.opensirelay.returns.api;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.access.FilterOrder;
import org.opensirelay.website.WebsiteAuthenticator;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The orders and returns API ({@code /api/v1}) answers to the admin token and to each website's own token. */
@Configuration(proxyBeanMethods = false)
class ReturnsWebConfiguration {

    @Bean
    FilterRegistrationBean<ApiAccessFilter> apiAccessFilter(
            AdminToken admin, WebsiteAuthenticator authenticator, CredentialThrottle throttle) {
        FilterRegistrationBean<ApiAccessFilter> registration =
                new FilterRegistrationBean<>(new ApiAccessFilter(admin, authenticator, throttle));
        // Every request: the filter itself decides on the routed path, which a URL pattern does not see.
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.TOKEN_CHECKS);
        return registration;
    }

    /** Google's paths ({@code /content/v2.1/{merchantId}/orderreturns}) answer to the same tokens, in Google's error shape. */
    @Bean
    FilterRegistrationBean<GoogleAccessFilter> googleAccessFilter(
            AdminToken admin,
            WebsiteRegistry websites,
            WebsiteAuthenticator authenticator,
            CredentialThrottle throttle) {
        FilterRegistrationBean<GoogleAccessFilter> registration =
                new FilterRegistrationBean<>(new GoogleAccessFilter(admin, websites, authenticator, throttle));
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.TOKEN_CHECKS);
        return registration;
    }
}
