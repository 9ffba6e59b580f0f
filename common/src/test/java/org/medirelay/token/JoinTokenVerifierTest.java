package org.medirelay.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.medirelay.token.InvalidJoinTokenException.Reason;

class JoinTokenVerifierTest {

  private static final String ISSUER = "https://clinic.example";
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private final KeyPair keys = Jwts.SIG.ES256.keyPair().build();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final JoinTokenVerifier verifier =
      new JoinTokenVerifier(
          kid -> "k1".equals(kid) ? Optional.of(keys.getPublic()) : Optional.empty(),
          ISSUER,
          clock,
          Duration.ofSeconds(30));

  private JoinTokenClaims claims(String sessionId, Instant expiresAt) {
    return new JoinTokenClaims(
        ISSUER,
        JoinTokens.AUDIENCE,
        "user-1",
        "Dr. Ada",
        ParticipantRole.HOST,
        sessionId,
        "node-a",
        ParticipantRole.HOST.defaultGrants(),
        NOW.minusSeconds(60),
        NOW.minusSeconds(60),
        expiresAt,
        "jti-1");
  }

  @Test
  void acceptsATokenForItsSessionAndReturnsEveryClaim() throws Exception {
    JoinTokenClaims issued = claims("s1", NOW.plusSeconds(3600));
    JoinTokenClaims verified =
        verifier.verify(JoinTokens.sign(issued, keys.getPrivate(), "k1"), "s1");
    assertThat(verified).isEqualTo(issued);
    assertThat(verified.allows(Grant.END)).isTrue();
  }

  @Test
  void refusesATokenForAnotherSession() {
    String token = JoinTokens.sign(claims("s1", NOW.plusSeconds(3600)), keys.getPrivate(), "k1");
    assertReason(token, "s2", Reason.WRONG_SESSION);
  }

  @Test
  void refusesAnExpiredToken() {
    String token = JoinTokens.sign(claims("s1", NOW.minusSeconds(31)), keys.getPrivate(), "k1");
    assertReason(token, "s1", Reason.EXPIRED);
  }

  @Test
  void refusesATokenSignedByAnotherKeyUnderTheSameKid() {
    KeyPair forger = Jwts.SIG.ES256.keyPair().build();
    String token = JoinTokens.sign(claims("s1", NOW.plusSeconds(3600)), forger.getPrivate(), "k1");
    assertReason(token, "s1", Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesAnUnknownKid() {
    String token = JoinTokens.sign(claims("s1", NOW.plusSeconds(3600)), keys.getPrivate(), "k9");
    assertReason(token, "s1", Reason.UNKNOWN_KEY);
  }

  @Test
  void refusesAlgNone() {
    String header = b64("{\"alg\":\"none\",\"kid\":\"k1\"}");
    String payload =
        b64(
            "{\"iss\":\""
                + ISSUER
                + "\",\"aud\":\""
                + JoinTokens.AUDIENCE
                + "\",\"sub\":\"u\",\"role\":\"host\",\"sid\":\"s1\","
                + "\"iat\":1,\"nbf\":1,\"exp\":9999999999,\"jti\":\"j\"}");
    assertReason(header + "." + payload + ".", "s1", Reason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void refusesHmacSignedWithThePublicKeyBytes() {
    // The classic algorithm-confusion forgery: HS256 keyed with the verifier's public key.
    var hmacKey = new SecretKeySpec(keys.getPublic().getEncoded(), "HmacSHA256");
    String token =
        Jwts.builder()
            .header()
            .keyId("k1")
            .and()
            .issuer(ISSUER)
            .audience()
            .add(JoinTokens.AUDIENCE)
            .and()
            .subject("u")
            .claim("role", "host")
            .claim("sid", "s1")
            .signWith(hmacKey, Jwts.SIG.HS256)
            .compact();
    assertReason(token, "s1", Reason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void refusesAnotherIssuerAndGarbage() {
    JoinTokenClaims other =
        new JoinTokenClaims(
            "https://evil.example",
            JoinTokens.AUDIENCE,
            "u",
            "",
            ParticipantRole.PARTICIPANT,
            "s1",
            "",
            EnumSet.of(Grant.SUBSCRIBE),
            NOW,
            NOW,
            NOW.plusSeconds(60),
            "j");
    assertReason(JoinTokens.sign(other, keys.getPrivate(), "k1"), "s1", Reason.WRONG_ISSUER);
    assertReason("not-a-token", "s1", Reason.MALFORMED);
    assertReason("", "s1", Reason.MISSING);
  }

  @Test
  void jwksRoundTripGivesTheSamePublicKey() throws Exception {
    String json = JsonWebKeySets.toJson(Map.of("k1", keys.getPublic()));
    assertThat(json).contains("\"kid\":\"k1\"").doesNotContain("\"d\"");
    JwksKeyCache cache = new JwksKeyCache(() -> json, clock, Duration.ofSeconds(10));
    JoinTokenVerifier remote = new JoinTokenVerifier(cache, ISSUER, clock, Duration.ZERO);
    String token = JoinTokens.sign(claims("s1", NOW.plusSeconds(60)), keys.getPrivate(), "k1");
    assertThat(remote.verify(token, "s1").userId()).isEqualTo("user-1");
  }

  @Test
  void jwksCacheRefetchesAnUnknownKidAtMostOncePerInterval() {
    int[] fetches = {0};
    String json = JsonWebKeySets.toJson(Map.of("k1", keys.getPublic()));
    JwksKeyCache cache =
        new JwksKeyCache(
            () -> {
              fetches[0]++;
              return json;
            },
            clock,
            Duration.ofSeconds(10));
    assertThat(cache.find("k1")).isPresent();
    assertThat(cache.find("unknown")).isEmpty();
    assertThat(cache.find("unknown-2")).isEmpty();
    assertThat(fetches[0]).isEqualTo(1);
  }

  @Test
  void concurrentFirstLookupsAllFindTheKeyTheFirstOneFetched() throws Exception {
    String json = JsonWebKeySets.toJson(Map.of("k1", keys.getPublic()));
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JwksKeyCache cache =
        new JwksKeyCache(
            () -> {
              fetching.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return json;
            },
            clock,
            Duration.ofSeconds(10));
    var pool = Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> cache.find("k1"));
      fetching.await();
      var second = pool.submit(() -> cache.find("k1"));
      Thread.sleep(50); // let the second caller block behind the fetch in progress
      release.countDown();
      assertThat(first.get()).isPresent();
      assertThat(second.get()).isPresent();
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertReason(String token, String sessionId, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(token, sessionId))
        .isInstanceOfSatisfying(
            InvalidJoinTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
