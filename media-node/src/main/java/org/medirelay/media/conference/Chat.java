package org.medirelay.media.conference;

import java.time.Instant;
import org.medirelay.media.ops.ChatArchive;

/**
 * Text messages in a call. Each goes to everyone in the sender's session, the sender included (so
 * every screen shows the same conversation in the same order). Unless the clinic keeps chat with
 * the appointment ({@link ChatArchive}), the node keeps no copy: chat lasts as long as the call.
 */
public final class Chat {

  private final ChatArchive archive;

  Chat(ChatArchive archive) {
    this.archive = archive;
  }

  /** Whether what is said now is kept with the appointment; a newcomer's page says so. */
  boolean kept() {
    return archive.keeping();
  }

  public void say(Participant from, String text) {
    Instant at = Instant.now();
    Conference conference = from.conference();
    archive.said(conference.sessionId(), from.userId(), from.displayName(), at, text);
    conference.broadcast(Messages.chat(from, text, at.toEpochMilli()), null);
  }
}
