package org.medirelay.token;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a join token says, in one place for the issuer (the app) and every verifier (the app's
 * join page, media nodes). {@link JoinTokens} maps it to and from the JWT.
 *
 * @param issuer who signed it ({@code iss})
 * @param audience who must accept it ({@code aud}), {@link JoinTokens#AUDIENCE}
 * @param userId the participant's user id ({@code sub})
 * @param displayName the name shown to the others ({@code name})
 * @param role host or participant ({@code role})
 * @param sessionId the only session this token opens ({@code sid})
 * @param mediaNode the media node the session is placed on ({@code node})
 * @param grants what the holder may do ({@code grants})
 * @param issuedAt {@code iat}
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}
 * @param tokenId unique id of this token ({@code jti})
 */
public record JoinTokenClaims(
    String issuer,
    String audience,
    String userId,
    String displayName,
    ParticipantRole role,
    String sessionId,
    String mediaNode,
    Set<Grant> grants,
    Instant issuedAt,
    Instant notBefore,
    Instant expiresAt,
    String tokenId) {

  public JoinTokenClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(tokenId, "tokenId");
    displayName = displayName == null ? "" : displayName;
    mediaNode = mediaNode == null ? "" : mediaNode;
    grants = grants == null || grants.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(grants));
    if (!expiresAt.isAfter(notBefore)) {
      throw new IllegalArgumentException("a join token must expire after it becomes valid");
    }
  }

  public boolean allows(Grant grant) {
    return grants.contains(grant);
  }
}
