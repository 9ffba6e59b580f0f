package org.medirelay.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A refusal the API explains to its caller: becomes an RFC 9457 problem document with this status,
 * title and detail. The detail is written for the client, so it never carries secrets or stack
 * traces.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final Duration retryAfter;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  public ApiException(HttpStatus status, String title, String detail, Duration retryAfter) {
    super(detail);
    this.status = status;
    this.title = title;
    this.retryAfter = retryAfter;
  }

  public ApiException(HttpStatus status, String title, String detail) {
    this(status, title, detail, null);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, "Bad request", detail);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
  }

  public static ApiException tooManyRequests(String detail, Duration retryAfter) {
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, retryAfter);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail);
  }

  /**
   * Adds a member to the problem document beyond the standard ones, for a client to act on (RFC
   * 9457 section 3.2).
   */
  public ApiException with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  public Map<String, Object> properties() {
    return properties;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /**
   * When set, the response carries a Retry-After header with this many whole seconds (at least 1).
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
