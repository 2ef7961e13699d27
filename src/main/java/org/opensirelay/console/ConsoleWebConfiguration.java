package org.opensirelay.console;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.FilterOrder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The console ({@code /console}) is for operators signed in with the admin token. */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration {

    @Bean
    ConsoleAccessFilter consoleAccess(AdminToken admin) {
        return new ConsoleAccessFilter(admin);
    }

    @Bean
    FilterRegistrationBean<ConsoleAccessFilter> consoleAccessFilter(ConsoleAccessFilter filter) {
        FilterRegistrationBean<ConsoleAccessFilter> registration = new FilterRegistrationBean<>(filter);
        // Every request: the filter itself decides on the routed path, which a URL pattern does not see.
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.TOKEN_CHECKS);
        return registration;
    }
}
