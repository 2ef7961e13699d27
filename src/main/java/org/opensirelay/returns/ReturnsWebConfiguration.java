package org.opensirelay.returns;

import org.opensirelay.admin.AdminToken;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The orders and returns API ({@code /api/v1}) answers to the admin token and to each website's own token. */
@Configuration(proxyBeanMethods = false)
class ReturnsWebConfiguration {

    @Bean
    FilterRegistrationBean<ApiAccessFilter> apiAccessFilter(AdminToken admin, WebsiteRegistry websites) {
        FilterRegistrationBean<ApiAccessFilter> registration = new FilterRegistrationBean<>(new ApiAccessFilter(admin.value(), websites));
        registration.addUrlPatterns("/api/v1/*");
        return registration;
    }
}
