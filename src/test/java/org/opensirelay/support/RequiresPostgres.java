package org.opensirelay.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the class only where PostgreSQL answers. Elsewhere it is skipped with a message saying so,
 * except under CI=true, where a missing PostgreSQL fails the run: CI must run these tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

    /** The check behind the annotation. */
    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Postgres.reachable()) {
                return ConditionEvaluationResult.enabled("PostgreSQL answers at " + Postgres.URL);
            }
            String why = "PostgreSQL is not reachable at " + Postgres.URL + " as " + Postgres.USER;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new ExtensionConfigurationException(why + ", and CI=true requires the PostgreSQL tests to run");
            }
            return ConditionEvaluationResult.disabled(
                    why + ": PostgreSQL tests skipped (they run, and must pass, under CI=true)");
        }
    }
}
