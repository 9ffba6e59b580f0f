package org.medirelay.mail;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** One message to one address, as kept in the outbox (collection {@code mail_outbox}). */
@Document("mail_outbox")
public record Mail(@Id String id, @Indexed String to, String subject, String body, Instant at) {

  public static Mail to(String to, String subject, String body) {
    return new Mail(null, to, subject, body, null);
  }
}
