package org.opensirelay.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs an integration test class on PostgreSQL with the production profile ({@code postgres}:
 * clustered Quartz), in a schema of its own, instead of H2. Put it on a subclass of an H2 test to
 * run the same tests on both databases.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@RequiresPostgres
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = OnPostgres.NewSchema.class)
public @interface OnPostgres {

    /** Points the context's datasource at a fresh schema. */
    final class NewSchema implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "spring.datasource.url=" + Postgres.newSchema(),
                            "spring.datasource.username=" + Postgres.USER,
                            "spring.datasource.password=" + Postgres.PASSWORD)
                    .applyTo(context);
        }
    }
}
