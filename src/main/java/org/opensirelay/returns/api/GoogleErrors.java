package org.opensirelay.returns.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every refusal on Google's paths as Google's APIs answer one, so that Google's client libraries
 * read it into their own exception: {@code {"error": {"code", "message", "errors": [{"message",
 * "domain", "reason"}], "status"}}} with the HTTP status and the canonical status name Google pairs
 * with it. The relay's rule codes and JSON pointers go into each error's message ({@code
 * [returnItems[0].refund] …}), where Google's Content API put the field.
 */
@RestControllerAdvice(assignableTypes = GoogleOrderReturnsApi.class)
class GoogleErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One error of Google's list: where and why, and Google's reason word. */
    record Error(String message, String domain, String reason) {}

    /** Google's error body. */
    record Body(Details error) {}

    record Details(int code, String message, List<Error> errors, String status) {}

    @ExceptionHandler(ReturnRefusedException.class)
    ResponseEntity<Body> refused(ReturnRefusedException refused) {
        return answer(refused.status(), refused.getMessage(), refused.problems());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Body> unreadable(HttpMessageNotReadableException e) {
        return answer(400, "the body is not JSON", List.of(Problem.of("INVALID_JSON", "", "the body is not JSON")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Body> mismatch(MethodArgumentTypeMismatchException e) {
        String type =
                e.getRequiredType() == null ? "valid" : e.getRequiredType().getSimpleName();
        return answer(
                400,
                "a parameter has the wrong type",
                List.of(Problem.of("INVALID_PARAMETER", "/" + e.getName(), "must be a " + type)));
    }

    static ResponseEntity<Body> answer(int relayStatus, String title, List<Problem> problems) {
        int status = httpStatus(relayStatus);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body(relayStatus, title, problems));
    }

    /** For servlet filters, which answer before Spring MVC's converters. */
    static void write(HttpServletResponse response, int relayStatus, String title, List<Problem> problems)
            throws IOException {
        response.setStatus(httpStatus(relayStatus));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body(relayStatus, title, problems)));
    }

    static Body body(int relayStatus, String title, List<Problem> problems) {
        List<Error> errors = new ArrayList<>();
        for (Problem problem : problems) {
            errors.add(new Error(message(problem), "global", reason(relayStatus, problem.code())));
        }
        if (errors.isEmpty()) {
            errors.add(new Error(title, "global", reason(relayStatus, "")));
        }
        int status = httpStatus(relayStatus);
        return new Body(new Details(status, errors.get(0).message(), errors, canonicalStatus(relayStatus)));
    }

    /**
     * Google answers a request its rules refuse (a refund beyond what is left, an item already
     * settled) with 400 and FAILED_PRECONDITION; the relay's own API says 422 for those.
     */
    static int httpStatus(int relayStatus) {
        return relayStatus == 422 ? 400 : relayStatus;
    }

    /** The google.rpc.Code name Google's JSON errors carry beside each HTTP status. */
    static String canonicalStatus(int relayStatus) {
        return switch (relayStatus) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 413 -> "INVALID_ARGUMENT";
            case 422 -> "FAILED_PRECONDITION";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            default -> relayStatus >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    /** Google's reason words (the v1 error format's {@code errors[].reason}). */
    private static String reason(int relayStatus, String code) {
        if (GoogleOrderReturnsApi.UNSUPPORTED.equals(code)) {
            return "unsupported";
        }
        return switch (relayStatus) {
            case 400, 413 -> "invalid";
            case 401 -> "authError";
            case 403 -> "forbidden";
            case 404 -> "notFound";
            case 409 -> "conflict";
            case 422 -> "failedPrecondition";
            case 429 -> "rateLimitExceeded";
            default -> "backendError";
        };
    }

    /** {@code [returnItems[0].refund] refund needs …}: the field as Google's messages named it, then the rule. */
    private static String message(Problem problem) {
        String field = field(problem.pointer());
        Map<String, Object> values = new LinkedHashMap<>(problem.values());
        String measured = values.isEmpty() ? "" : " " + values;
        String code = problem.code().isEmpty() ? "" : " (" + problem.code() + ")";
        return (field.isEmpty() ? "" : "[" + field + "] ") + problem.detail() + measured + code;
    }

    /** A JSON pointer ({@code /returnItems/0/refund}) as Google writes a field ({@code returnItems[0].refund}). */
    static String field(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return "";
        }
        StringBuilder field = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            if (part.matches("[0-9]+")) {
                field.append('[').append(part).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".")
                        .append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return field.toString();
    }
}
