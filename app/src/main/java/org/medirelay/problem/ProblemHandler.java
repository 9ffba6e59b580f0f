package org.medirelay.problem;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the HTTP API as an RFC 9457 problem document. Spring MVC's own exceptions
 * (malformed JSON, wrong types, validation, unknown paths, wrong methods) get their standard 4xx
 * problem from the base class; ours carry their status; anything unexpected is logged and answered
 * with a 500 that reveals nothing.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (e.retryAfter() != null) {
      response.header(
          HttpHeaders.RETRY_AFTER,
          Long.toString(ProblemResponses.retryAfterSeconds(e.retryAfter())));
    }
    ProblemDetail problem =
        ProblemResponses.problem(e.status(), e.title(), e.getMessage(), request);
    e.properties().forEach(problem::setProperty);
    return response.body(problem);
  }

  /**
   * A unique index refused a write that a check before it could not catch (two requests at once).
   */
  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e, HttpServletRequest request) {
    return problem(HttpStatus.CONFLICT, "Conflict", "This already exists.", request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    LOG.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Internal error",
        "The server could not handle this request.",
        request);
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String title, String detail, HttpServletRequest request) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemResponses.problem(status, title, detail, request));
  }
}
