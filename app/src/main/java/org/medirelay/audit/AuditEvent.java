package org.medirelay.audit;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One security-relevant event: who (user id and/or email), from where, what, when. Never a password
 * or a token.
 *
 * @param subject the email or external id the event concerns, when there is no user id (e.g. a
 *     failed login)
 */
@Document("audit_events")
public record AuditEvent(
    @Id String id,
    @Indexed Instant at,
    AuditEventType type,
    @Indexed String userId,
    String subject,
    String remoteAddress,
    String detail) {}
