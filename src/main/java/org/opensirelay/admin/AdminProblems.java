package org.opensirelay.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The admin API's refusals as {@code application/problem+json} (RFC 9457) with a stable {@code code}. */
@RestControllerAdvice(assignableTypes = DeliveryAdminController.class)
class AdminProblems {

    @ExceptionHandler(AdminProblemException.class)
    ResponseEntity<ProblemDetail> refused(AdminProblemException e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
        return problem(400, "INVALID_PARAMETER", e.getName() + " must be a " + (e.getRequiredType() == null ? "valid value"
                : e.getRequiredType().getSimpleName()) + ", not '" + e.getValue() + "'");
    }

    static ResponseEntity<ProblemDetail> problem(int status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setProperty("code", code);
        return ResponseEntity.status(status).body(problem);
    }
}
