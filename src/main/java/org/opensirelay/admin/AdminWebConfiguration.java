package org.opensirelay.admin;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admin API ({@code /api}) and the actuator endpoints answer only to the admin token. */
@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration {

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(AdminProperties properties) {
        FilterRegistrationBean<AdminTokenFilter> registration = new FilterRegistrationBean<>(new AdminTokenFilter(properties.token()));
        registration.addUrlPatterns("/api/*", "/actuator/*");
        return registration;
    }
}
