package org.medirelay.audit;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
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
  private final MeterRegistry meters;

  public AuditLog(MongoOperations mongo, Clock clock, MeterRegistry meters) {
    this.mongo = mongo;
    this.clock = clock;
    this.meters = meters;
  }

  public void record(
      AuditEventType type,
      String userId,
      String subject,
      HttpServletRequest request,
      String detail) {
    String address = request == null ? null : request.getRemoteAddr();
    mongo.insert(new AuditEvent(null, clock.instant(), type, userId, subject, address, detail));
    // Also a Prometheus counter (medirelay_security_events_total{type=…}), so failed logins or
    // refused machine
    // credentials can be alerted on without querying the audit collection.
    meters.counter("medirelay.security.events", "type", type.name()).increment();
    LOG.info(
        "{} user={} subject={} from={} {}",
        type,
        userId,
        subject,
        address,
        detail == null ? "" : detail);
  }

  /** Which events to find; a null field does not narrow. {@code to} is exclusive. */
  record Filter(String userId, String subject, AuditEventType type, Instant from, Instant to) {}

  /** The newest events first that match the filter. */
  List<AuditEvent> find(Filter filter, int limit) {
    Criteria criteria = new Criteria();
    if (filter.userId() != null) {
      criteria = criteria.and("userId").is(filter.userId());
    }
    if (filter.subject() != null) {
      criteria = criteria.and("subject").is(filter.subject());
    }
    if (filter.type() != null) {
      criteria = criteria.and("type").is(filter.type());
    }
    if (filter.from() != null || filter.to() != null) {
      Criteria at = criteria.and("at");
      if (filter.from() != null) {
        at = at.gte(filter.from());
      }
      if (filter.to() != null) {
        at = at.lt(filter.to());
      }
    }
    return mongo.find(
        Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "at")).limit(limit),
        AuditEvent.class);
  }
}
