package org.medirelay.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Records security events in MongoDB (collection {@code audit_events}) and in the log. */
@Component
public class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger("org.medirelay.audit");

  private final MongoOperations mongo;
  private final Clock clock;

  public AuditLog(MongoOperations mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  public void record(AuditEventType type, String userId, String subject, HttpServletRequest request, String detail) {
    String address = request == null ? null : request.getRemoteAddr();
    mongo.insert(new AuditEvent(null, clock.instant(), type, userId, subject, address, detail));
    LOG.info("{} user={} subject={} from={} {}", type, userId, subject, address, detail == null ? "" : detail);
  }

  /** The newest events first, optionally only those of one user. */
  public List<AuditEvent> recent(String userId, int limit) {
    Query query = userId == null ? new Query() : Query.query(Criteria.where("userId").is(userId));
    return mongo.find(query.with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), AuditEvent.class);
  }
}
