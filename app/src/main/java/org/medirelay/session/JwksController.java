package org.medirelay.session;

import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public join-token keys, for media nodes (and anyone) to verify join tokens without any
 * secret.
 */
@RestController
class JwksController {

  private final JoinTokenKeyRing keys;

  JwksController(JoinTokenKeyRing keys) {
    this.keys = keys;
  }

  @GetMapping("/.well-known/jwks.json")
  ResponseEntity<String> jwks() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/jwk-set+json"))
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
        .body(keys.jwks());
  }
}
