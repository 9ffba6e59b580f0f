package org.medirelay.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fuzz tests (Jazzer) for what a media node reads from outside: join tokens from any page, and the
 * app's JWKS document. A token is accepted only when the node's key signed it, so no fuzzed token
 * may ever pass; every refusal is an {@link InvalidJoinTokenException} with a reason. A JWKS
 * document of any shape leaves the key cache answering, with public keys only. Inputs replayed in
 * every build: {@code src/test/resources/org/medirelay/token/JoinTokenFuzzTestInputs/<method>/}.
 */
class JoinTokenFuzzTest {

  private static final KeyPair KEYS = Jwts.SIG.ES256.keyPair().build();
  private static final JoinTokenVerifier VERIFIER =
      new JoinTokenVerifier(
          kid -> "k1".equals(kid) ? Optional.of(KEYS.getPublic()) : Optional.empty(),
          "https://app.test",
          Clock.systemUTC(),
          Duration.ofSeconds(30));
  private static final String SIGNED = JoinTokens.sign(claims(), KEYS.getPrivate(), "k1");

  @FuzzTest
  void refusesEveryTokenItsKeyDidNotSignWithAReason(byte[] bytes) {
    String token = new String(bytes, StandardCharsets.UTF_8);
    try {
      JoinTokenClaims claims = VERIFIER.verify(token, "s1");
      throw new AssertionError("accepted a token the key never signed: " + claims);
    } catch (InvalidJoinTokenException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.reason().userMessage()).isNotBlank();
    }
  }

  @FuzzTest
  void readsAnyJwksDocumentIntoPublicKeysOrNone(byte[] bytes) {
    String json = new String(bytes, StandardCharsets.UTF_8);
    JwksKeyCache cache = new JwksKeyCache(() -> json, Clock.systemUTC(), Duration.ofMinutes(1));
    Optional<PublicKey> key = cache.find("k1");
    JoinTokenVerifier verifier =
        new JoinTokenVerifier(cache, "https://app.test", Clock.systemUTC(), Duration.ZERO);
    try {
      verifier.verify(SIGNED, "s1");
      assertThat(key).as("only the real key verifies the token").contains(KEYS.getPublic());
    } catch (InvalidJoinTokenException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  private static JoinTokenClaims claims() {
    Instant now = Instant.now();
    return new JoinTokenClaims(
        "https://app.test",
        JoinTokens.AUDIENCE,
        "user-1",
        "Dr. Ada",
        ParticipantRole.HOST,
        "s1",
        "media-1",
        ParticipantRole.HOST.defaultGrants(),
        now.minusSeconds(60),
        now.minusSeconds(60),
        now.plusSeconds(24 * 3600),
        "jti-1");
  }
}
