package org.opensirelay.returns.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one state machine of a return:
 * <pre>
 * REQUESTED -> ACCEPTED -> RECEIVED -> CLOSED (REFUNDED | EXCHANGED | REPAIRED | KEPT)
 *              ACCEPTED -> CLOSED (KEPT)           a returnless "keep it"
 * REQUESTED | ACCEPTED | RECEIVED -> REJECTED | CANCELLED
 * </pre>
 * CLOSED, REJECTED and CANCELLED are final. Plain functions, no state of its own.
 */
public final class ReturnStateMachine {

    /** What a requested change does. */
    public sealed interface Verdict {
        /** The change is allowed. */
        record Allowed() implements Verdict {}

        /** The return is already in that state: nothing to do. */
        record Unchanged() implements Verdict {}

        /** The machine refuses the change, for the reason given. */
        record Refused(String reason) implements Verdict {}
    }

    private ReturnStateMachine() {}

    public static Verdict decide(ReturnState from, ReturnState to) {
        if (from.equals(to)) {
            return new Verdict.Unchanged();
        }
        ReturnStatus current = from.status();
        if (current.isFinal()) {
            return new Verdict.Refused("the return is already " + from + ": it cannot become " + to);
        }
        boolean allowed = switch (to.status()) {
            case REQUESTED -> false;
            case ACCEPTED -> current == ReturnStatus.REQUESTED;
            case RECEIVED -> current == ReturnStatus.ACCEPTED;
            case CLOSED ->
                current == ReturnStatus.RECEIVED
                        || current == ReturnStatus.ACCEPTED && to.resolution() == Resolution.KEPT;
            case REJECTED, CANCELLED -> true;
        };
        if (allowed) {
            return new Verdict.Allowed();
        }
        String why = to.status() == ReturnStatus.CLOSED && current == ReturnStatus.ACCEPTED
                ? ": only KEPT closes a return whose items have not come back (RECEIVED first)"
                : to.status() == ReturnStatus.REQUESTED
                        ? ": a return cannot go back to REQUESTED"
                        : ": " + to + " follows " + expectedBefore(to.status());
        return new Verdict.Refused(from + " -> " + to + " is not allowed" + why);
    }

    /**
     * The allowed steps from {@code from} to an outcome {@code to}, for a side that reports only
     * outcomes (a marketplace's "refunded" for a return the relay knows as REQUESTED): the states
     * the return must have passed through, then {@code to}. Empty when it already is there;
     * {@link Optional#empty()} when no path exists (a final state).
     */
    public static Optional<List<ReturnState>> pathTo(ReturnState from, ReturnState to) {
        if (from.equals(to)) {
            return Optional.of(List.of());
        }
        if (from.status().isFinal()) {
            return Optional.empty();
        }
        List<ReturnState> path = new ArrayList<>();
        ReturnState at = from;
        while (!(decide(at, to) instanceof Verdict.Allowed)) {
            ReturnState next = switch (at.status()) {
                case REQUESTED -> ReturnState.of(ReturnStatus.ACCEPTED);
                case ACCEPTED -> ReturnState.of(ReturnStatus.RECEIVED);
                default -> null;
            };
            if (next == null || next.equals(to)) {
                return next == null ? Optional.empty() : Optional.of(append(path, next));
            }
            path.add(next);
            at = next;
        }
        path.add(to);
        return Optional.of(path);
    }

    private static List<ReturnState> append(List<ReturnState> path, ReturnState last) {
        path.add(last);
        return path;
    }

    private static String expectedBefore(ReturnStatus target) {
        return switch (target) {
            case ACCEPTED -> "REQUESTED";
            case RECEIVED -> "ACCEPTED";
            case CLOSED -> "RECEIVED";
            default -> "another state";
        };
    }
}
