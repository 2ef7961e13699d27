package org.opensirelay.returns.api;

import java.util.List;

import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every refusal of the orders and returns API as {@code application/problem+json} (RFC 9457) with a stable code. */
@RestControllerAdvice(assignableTypes = {ReturnsApi.class, OrderReturnsApi.class})
class ApiProblems {

    @ExceptionHandler(ReturnRefusedException.class)
    ProblemDetail refused(ReturnRefusedException refused) {
        return ReturnsApi.problem(refused.status(), refused.code(), refused.getMessage(), refused.problems());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ReturnsApi.problem(
                400,
                "INVALID_JSON",
                "the body is not JSON",
                List.of(Problem.of(
                        "INVALID_JSON",
                        "",
                        "the body must be a JSON document sent with Content-Type: application/json")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return ReturnsApi.problem(
                400,
                "INVALID_PARAMETER",
                "a parameter has the wrong type",
                List.of(Problem.of(
                        "INVALID_PARAMETER",
                        "/" + e.getName(),
                        e.getName() + " must be "
                                + (e.getRequiredType() == null
                                        ? "valid"
                                        : "a " + e.getRequiredType().getSimpleName()))));
    }
}
