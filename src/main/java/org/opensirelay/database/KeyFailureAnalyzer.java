package org.opensirelay.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start refused for a key ({@link KeyMismatchException}) is Spring Boot's "APPLICATION FAILED TO
 * START" paragraph saying which file to restore or which setting differs, not a stack trace of a few
 * hundred lines with the reason at the bottom. Registered in {@code META-INF/spring.factories}.
 */
public class KeyFailureAnalyzer extends AbstractFailureAnalyzer<KeyMismatchException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KeyMismatchException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
