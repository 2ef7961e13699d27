package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class ReturnStateMachineTest {

    private static ReturnStateMachine.Verdict decide(String from, String to) {
        return ReturnStateMachine.decide(
                ReturnState.parse(from).orElseThrow(), ReturnState.parse(to).orElseThrow());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "REQUESTED, ACCEPTED",
        "ACCEPTED, RECEIVED",
        "RECEIVED, REFUNDED",
        "RECEIVED, EXCHANGED",
        "RECEIVED, REPAIRED",
        "RECEIVED, KEPT",
        "ACCEPTED, KEPT",
        "REQUESTED, REJECTED",
        "ACCEPTED, REJECTED",
        "RECEIVED, REJECTED",
        "REQUESTED, CANCELLED",
        "ACCEPTED, CANCELLED",
        "RECEIVED, CANCELLED"
    })
    void theStoryMovesForward(String from, String to) {
        assertThat(decide(from, to)).isInstanceOf(ReturnStateMachine.Verdict.Allowed.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "REQUESTED, RECEIVED", "REQUESTED, REFUNDED", "REQUESTED, KEPT", "ACCEPTED, REFUNDED", "ACCEPTED, REQUESTED",
        "RECEIVED, ACCEPTED", "REFUNDED, RECEIVED", "REFUNDED, EXCHANGED", "REFUNDED, CANCELLED", "REJECTED, ACCEPTED",
        "CANCELLED, REQUESTED", "REJECTED, CANCELLED"
    })
    void anythingElseIsRefusedWithAReason(String from, String to) {
        assertThat(decide(from, to))
                .isInstanceOfSatisfying(
                        ReturnStateMachine.Verdict.Refused.class,
                        refused -> assertThat(refused.reason()).isNotBlank());
    }

    @Test
    void theSameStateAgainChangesNothing() {
        assertThat(decide("RECEIVED", "RECEIVED")).isInstanceOf(ReturnStateMachine.Verdict.Unchanged.class);
        assertThat(decide("REFUNDED", "CLOSED_REFUNDED")).isInstanceOf(ReturnStateMachine.Verdict.Unchanged.class);
    }

    @Test
    void refusalsSayWhatWasExpected() {
        assertThat(((ReturnStateMachine.Verdict.Refused) decide("ACCEPTED", "REFUNDED")).reason())
                .isEqualTo(
                        "ACCEPTED -> CLOSED_REFUNDED is not allowed: only KEPT closes a return whose items have not come back (RECEIVED first)");
        assertThat(((ReturnStateMachine.Verdict.Refused) decide("REQUESTED", "RECEIVED")).reason())
                .isEqualTo("REQUESTED -> RECEIVED is not allowed: RECEIVED follows ACCEPTED");
        assertThat(((ReturnStateMachine.Verdict.Refused) decide("REJECTED", "ACCEPTED")).reason())
                .isEqualTo("the return is already REJECTED: it cannot become ACCEPTED");
    }

    @Test
    void statesAreWrittenAndReadByName() {
        assertThat(ReturnState.parse("refunded")).contains(ReturnState.closed(Resolution.REFUNDED));
        assertThat(ReturnState.parse("CLOSED_KEPT")).contains(ReturnState.closed(Resolution.KEPT));
        assertThat(ReturnState.parse("CLOSED")).isEmpty();
        assertThat(ReturnState.parse("shipped")).isEmpty();
        assertThat(ReturnState.closed(Resolution.EXCHANGED)).hasToString("CLOSED_EXCHANGED");
    }

    private static String path(String from, String to) {
        return ReturnStateMachine.pathTo(
                        ReturnState.parse(from).orElseThrow(),
                        ReturnState.parse(to).orElseThrow())
                .map(steps -> steps.stream().map(ReturnState::toString).collect(Collectors.joining(" ")))
                .orElse("none");
    }

    @Test
    void anOutcomeIsReachedThroughTheStatesItImplies() {
        assertThat(path("REQUESTED", "REFUNDED")).isEqualTo("ACCEPTED RECEIVED CLOSED_REFUNDED");
        assertThat(path("ACCEPTED", "EXCHANGED")).isEqualTo("RECEIVED CLOSED_EXCHANGED");
        assertThat(path("RECEIVED", "REPAIRED")).isEqualTo("CLOSED_REPAIRED");
        assertThat(path("REQUESTED", "KEPT")).isEqualTo("ACCEPTED CLOSED_KEPT");
        assertThat(path("REQUESTED", "RECEIVED")).isEqualTo("ACCEPTED RECEIVED");
        assertThat(path("ACCEPTED", "REJECTED")).isEqualTo("REJECTED");
        assertThat(path("REQUESTED", "CANCELLED")).isEqualTo("CANCELLED");
        assertThat(path("REFUNDED", "REFUNDED")).isEmpty();
        assertThat(path("REFUNDED", "EXCHANGED")).isEqualTo("none");
        assertThat(path("REJECTED", "REFUNDED")).isEqualTo("none");
        assertThat(path("RECEIVED", "ACCEPTED")).isEqualTo("none");
    }
}
