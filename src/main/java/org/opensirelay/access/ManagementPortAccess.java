package org.opensirelay.access;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.HierarchicalBeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With the actuator on a port of its own ({@code management.server.port}), Spring Boot serves it from
 * a child context whose servlet context gets none of the main context's filters (Boot carries over
 * Spring Security's chain only): {@code /actuator/prometheus} answered there without the admin token.
 * The relay's access filters — how exchanges end, the token checks, the body bounds: every filter in
 * front of {@link FilterOrder#BODY_LIMIT} included — are registered in the child's servlet context
 * too, in their order, so that every access rule holds on the management port as on the main one.
 * <p>
 * Listed in {@code META-INF/spring/...ManagementContextConfiguration.imports} for the child context;
 * the main context, which also finds it by scanning, leaves it out (it has no parent).
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementPortAccess.InTheManagementChildContext.class)
class ManagementPortAccess {

    @Bean
    ServletContextInitializer relayAccessFilters(HierarchicalBeanFactory managementContext) {
        return new AccessFilters((ListableBeanFactory) managementContext.getParentBeanFactory());
    }

    /** The main context's access filters, registered with the management port's servlet context. */
    private static final class AccessFilters implements ServletContextInitializer, Ordered {

        private final ListableBeanFactory main;

        AccessFilters(ListableBeanFactory main) {
            this.main = main;
        }

        @Override
        public void onStartup(ServletContext servletContext) throws ServletException {
            @SuppressWarnings("rawtypes")
            List<FilterRegistrationBean> access = main.getBeansOfType(FilterRegistrationBean.class).values().stream()
                    .filter(registration -> registration.getOrder() <= FilterOrder.BODY_LIMIT
                            && registration.getFilter() != null
                            && registration.getFilter().getClass().getName().startsWith("org.opensirelay."))
                    .sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
                    .toList();
            for (FilterRegistrationBean<?> registration : access) {
                registration.onStartup(servletContext);
            }
        }

        /** Before the management context's own filters, as in the main context. */
        @Override
        public int getOrder() {
            return FilterOrder.EXCHANGE_ENDINGS;
        }
    }

    /** True in the management port's child context only: the main context has no parent. */
    static final class InTheManagementChildContext implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            BeanFactory parent = context.getBeanFactory() == null
                    ? null
                    : context.getBeanFactory().getParentBeanFactory();
            return parent instanceof ListableBeanFactory;
        }
    }
}
