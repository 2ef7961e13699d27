package org.opensirelay.admin;

import org.opensirelay.access.AdminProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The admin API's malformed parameters as {@code application/problem+json}; its refusals: {@link org.opensirelay.access.AdminProblems}. */
@RestControllerAdvice(assignableTypes = {DeliveryAdminController.class, BackupAdminController.class})
class AdminParameterProblems {

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
        return problem(
                400,
                "INVALID_PARAMETER",
                e.getName() + " must be a "
                        + (e.getRequiredType() == null
                                ? "valid value"
                                : e.getRequiredType().getSimpleName()) + ", not '" + e.getValue() + "'");
    }

    private static ResponseEntity<ProblemDetail> problem(int status, String code, String detail) {
        return AdminProblems.problem(status, code, detail);
    }
}
