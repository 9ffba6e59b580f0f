package org.medirelay.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Validates a request body after the controller has checked the caller's credential, for endpoints
 * that must answer 401 before saying anything about the body (the secret-authenticated machine
 * APIs).
 */
@Component
public class BodyValidator {

  private final Validator validator;

  public BodyValidator(Validator validator) {
    this.validator = validator;
  }

  public <T> T valid(T body) {
    if (body == null) {
      throw ApiException.badRequest("A JSON body is required.");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(body);
    if (!violations.isEmpty()) {
      throw ApiException.badRequest(
          violations.stream()
              .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
              .map(v -> v.getPropertyPath() + " " + v.getMessage())
              .collect(Collectors.joining("; ")));
    }
    return body;
  }
}
