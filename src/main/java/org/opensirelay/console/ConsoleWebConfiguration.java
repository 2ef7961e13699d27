package org.opensirelay.console;

import java.time.Duration;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.FilterOrder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The console ({@code /console}) is for operators signed in with the admin token, in French or
 * English ({@link ConsoleLanguage}).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    /** Named {@code localeResolver}: the DispatcherServlet's, in place of Spring Boot's Accept-Language one. */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(ConsoleLanguage.COOKIE);
        // Sent back only to the console's pages: the APIs keep the request's own Accept-Language.
        resolver.setCookiePath("/console");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(ConsoleLanguage::fromBrowser);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ConsoleLanguage.Switch()).addPathPatterns("/console", "/console/**");
        registry.addInterceptor(new ConsolePageModel()).addPathPatterns("/console", "/console/**");
    }

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
