package org.medirelay.mail;

import java.time.Clock;
import java.util.List;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The outbound mail of a clinic that has no mail server configured (the only kind today): each
 * message is kept in the outbox, where administrators read it ({@code GET /api/admin/mail}) and
 * pass it on, and is noted in the audit log by recipient and subject. The body stays out of the log
 * and the audit log because an invitation's body is a credential.
 */
@Component
public class MailOutbox implements OutboundMail {

  private final MongoOperations mongo;
  private final AuditLog audit;
  private final Clock clock;

  MailOutbox(MongoOperations mongo, AuditLog audit, Clock clock) {
    this.mongo = mongo;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void send(Mail mail) {
    mongo.insert(new Mail(null, mail.to(), mail.subject(), mail.body(), clock.instant()));
    audit.record(AuditEventType.MAIL_QUEUED, null, mail.to(), null, mail.subject());
  }

  /** The newest messages first, optionally only those to one address. */
  public List<Mail> recent(String to, int limit) {
    Query query = to == null ? new Query() : Query.query(Criteria.where("to").is(to));
    return mongo.find(query.with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), Mail.class);
  }
}
