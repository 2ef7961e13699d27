package org.opensirelay.support;

import java.util.UUID;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives each application context in the test JVM a Quartz scheduler name of its own. Quartz keys its
 * JVM-wide registries (schedulers, connection providers) by that name: two contexts sharing it
 * would end up on each other's, possibly closed, connection pool. One relay per JVM, as in
 * production, keeps the configured name.
 */
public final class UniqueSchedulerName implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static String next() {
        return "opensi-relay-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("spring.quartz.scheduler-name=" + next()).applyTo(context);
    }
}
