package org.opensirelay.returns;

import org.opensirelay.admin.AdminProperties;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The orders and returns API ({@code /api/v1}) answers to the admin token and to each website's own token. */
@Configuration(proxyBeanMethods = false)
class ReturnsWebConfiguration {

    @Bean
    FilterRegistrationBean<ApiAccessFilter> apiAccessFilter(AdminProperties admin, WebsiteRegistry websites) {
        FilterRegistrationBean<ApiAccessFilter> registration = new FilterRegistrationBean<>(new ApiAccessFilter(admin.token(), websites));
        registration.addUrlPatterns("/api/v1/*");
        return registration;
    }
}
