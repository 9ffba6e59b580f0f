package org.medirelay.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may bring.
 *
 * @param maxRequestBody MAX_REQUEST_BODY: the largest request body accepted (413 beyond it)
 */
@ConfigurationProperties
public record RequestLimitSettings(@DefaultValue("64KB") DataSize maxRequestBody) {

  public RequestLimitSettings {
    // A chunked body is read into one array of up to this size plus one byte.
    if (maxRequestBody.toBytes() < 1 || maxRequestBody.toBytes() >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("MAX_REQUEST_BODY must be between 1B and 2GB");
    }
  }
}
