package org.medirelay.staff;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A standing invitation to choose a password. Only the token's SHA-256 is stored, as the id, so a
 * copy of the database opens no account.
 */
@Document("invitations")
record Invitation(@Id String tokenHash, @Indexed String userId, Instant expiresAt) {}
