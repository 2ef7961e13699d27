package org.opensirelay.returns;

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
        record Allowed() implements Verdict {
        }

        /** The return is already in that state: nothing to do. */
        record Unchanged() implements Verdict {
        }

        /** The machine refuses the change, for the reason given. */
        record Refused(String reason) implements Verdict {
        }
    }

    private ReturnStateMachine() {
    }

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
            case CLOSED -> current == ReturnStatus.RECEIVED
                    || current == ReturnStatus.ACCEPTED && to.resolution() == Resolution.KEPT;
            case REJECTED, CANCELLED -> true;
        };
        if (allowed) {
            return new Verdict.Allowed();
        }
        String why = to.status() == ReturnStatus.CLOSED && current == ReturnStatus.ACCEPTED
                ? ": only KEPT closes a return whose items have not come back (RECEIVED first)"
                : to.status() == ReturnStatus.REQUESTED ? ": a return cannot go back to REQUESTED"
                : ": " + to + " follows " + expectedBefore(to.status());
        return new Verdict.Refused(from + " -> " + to + " is not allowed" + why);
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
