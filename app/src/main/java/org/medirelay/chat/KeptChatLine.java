package org.medirelay.chat;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One chat message of a consult, kept because the clinic keeps chat: its id is the media node's, so
 * a message reported twice is kept once.
 *
 * @param appointmentKey the session's appointment, as {@code VideoSession#appointmentKey} names it
 *     (MediRelay's own appointments and the clinic backend's apart)
 * @param userId the sender's join token subject
 * @param displayName the name the others saw
 * @param at when the node relayed it
 */
@Document("consult_chat")
record KeptChatLine(
    @Id String id,
    @Indexed String sessionId,
    @Indexed String appointmentKey,
    String userId,
    String displayName,
    Instant at,
    String text) {}
