package org.opensirelay.returns.domain;

import java.util.List;

/**
 * A request about orders or returns refused whole, nothing changed: answered as
 * {@code application/problem+json} with the HTTP status, a stable code, and every problem found.
 */
public class ReturnRefusedException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Problem> problems;

    public ReturnRefusedException(int status, String code, String title, List<Problem> problems) {
        super(title, null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    /** Refused for one reason: {@code detail} at {@code pointer}, named by the rule's {@code code}. */
    public static ReturnRefusedException of(int status, String code, String title, String pointer, String detail) {
        return new ReturnRefusedException(status, code, title, List.of(Problem.of(code, pointer, detail)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }
}
