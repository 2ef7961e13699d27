package org.opensirelay.retention;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link Retention}'s purge on its schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RetentionScheduling {}
