package org.opensirelay.settings;

import java.util.List;

/** Settings the relay cannot start with; each problem names its setting. */
public class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;
    private final String action;

    public InvalidSettingsException(List<String> problems, String action) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
        this.action = action;
    }

    public List<String> problems() {
        return problems;
    }

    public String action() {
        return action;
    }
}
