package org.opensirelay.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start that fails for a reason a newcomer can fix says so in a short "APPLICATION FAILED TO
 * START" paragraph, instead of a stack trace of a hundred lines with the cause at the bottom.
 */
public final class StartupFailureAnalyzers {

    private StartupFailureAnalyzers() {}

    /** Unknown or invalid settings, each named. */
    public static final class Settings extends AbstractFailureAnalyzer<InvalidSettingsException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingsException cause) {
            return new FailureAnalysis(String.join("\n", cause.problems()), cause.action(), cause);
        }
    }

    /** A second relay on the same embedded database file (H2 allows one process). */
    public static final class DatabaseInUse implements FailureAnalyzer {

        private static final Pattern FILE = Pattern.compile("Database may be already in use: \"?([^\".]+\\.mv\\.db)");

        @Override
        public FailureAnalysis analyze(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = String.valueOf(t.getMessage());
                if (message.contains("Database may be already in use")) {
                    Matcher file = FILE.matcher(message);
                    return new FailureAnalysis(
                            "Another process has the database file "
                                    + (file.find() ? file.group(1) : "of relay.data-dir")
                                    + " open: most likely a second relay started on the same relay.data-dir. The embedded database serves one process.",
                            "Stop the other relay, or start this one with a --relay.data-dir of its own. To run several instances, use"
                                    + " PostgreSQL (docs/operations.md, 'Several nodes on PostgreSQL, behind a load balancer').",
                            t);
                }
            }
            return null;
        }
    }
}
