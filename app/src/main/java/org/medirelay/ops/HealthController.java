package org.medirelay.ops;

import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}, the simple check the seeds' services offer (load balancers, the launcher):
 * 200 when the app can reach its store, 503 otherwise. Actuator's {@code /actuator/health} carries
 * the detailed probes.
 */
@RestController
class HealthController {

  private final MongoOperations mongo;

  HealthController(MongoOperations mongo) {
    this.mongo = mongo;
  }

  @GetMapping("/health")
  ResponseEntity<Map<String, String>> health() {
    try {
      mongo.executeCommand(new Document("ping", 1));
      return ResponseEntity.ok(Map.of("status", "UP", "store", "UP"));
    } catch (RuntimeException e) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(Map.of("status", "DOWN", "store", "DOWN"));
    }
  }
}
