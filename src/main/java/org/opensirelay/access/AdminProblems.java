package org.opensirelay.access;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An operator API's refusal as {@code application/problem+json} (RFC 9457) with a stable {@code code},
 * for every controller that throws {@link AdminProblemException}: one answer shape, one place (the
 * backups' 409 was a 500 while this was scoped to one controller).
 */
@RestControllerAdvice
public class AdminProblems {

    @ExceptionHandler(AdminProblemException.class)
    ResponseEntity<ProblemDetail> refused(AdminProblemException e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    public static ResponseEntity<ProblemDetail> problem(int status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setProperty("code", code);
        return ResponseEntity.status(status).body(problem);
    }
}
