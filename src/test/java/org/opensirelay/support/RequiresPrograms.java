package org.opensirelay.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the class only where the outside programs it drives are installed (Debian's {@code haproxy},
 * PostgreSQL's server binaries). Elsewhere it is skipped with a message saying which and how to
 * install them, except under CI=true, where a missing program fails the run: CI installs them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RequiresPrograms.Condition.class)
public @interface RequiresPrograms {

    /** The programs the tests drive. */
    Program[] value();

    /** A program and how to tell it is here. */
    enum Program {
        HAPROXY("haproxy (Debian: apt-get install haproxy)") {
            @Override
            boolean installed() {
                return HaProxy.installed();
            }
        },
        POSTGRES_SERVER("PostgreSQL's server binaries initdb, pg_ctl, pg_basebackup (Debian: postgresql)") {
            @Override
            boolean installed() {
                return PostgresServer.installed();
            }
        };

        private final String description;

        Program(String description) {
            this.description = description;
        }

        abstract boolean installed();
    }

    /** The check behind the annotation. */
    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            RequiresPrograms required = context.getRequiredTestClass().getAnnotation(RequiresPrograms.class);
            if (required == null) {
                return ConditionEvaluationResult.enabled("no program required");
            }
            List<String> missing = new ArrayList<>();
            for (Program program : required.value()) {
                if (!program.installed()) {
                    missing.add(program.description);
                }
            }
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("every program it drives is installed");
            }
            String why = "not installed: " + String.join(", ", missing);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new ExtensionConfigurationException(why + ", and CI=true requires these tests to run");
            }
            return ConditionEvaluationResult.disabled(why + ": skipped (they run, and must pass, under CI=true)");
        }
    }
}
