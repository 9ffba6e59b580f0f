package org.medirelay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.store.DataDirectory;
import org.medirelay.store.StoreSettings;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokenVerifier;
import org.medirelay.token.JoinTokens;
import org.medirelay.token.JsonWebKeySets;
import org.medirelay.token.ParticipantRole;

/**
 * The join-token key: generated once into the data folder, or loaded from JOIN_TOKEN_KEY_FILE in
 * production.
 */
class JoinTokenKeyRingTest {

  @TempDir Path dir;

  private static DataDirectory data(Path folder) {
    return new DataDirectory(new StoreSettings(folder, ""));
  }

  @Test
  void aGeneratedKeyIsKeptAcrossStarts() {
    JoinTokenKeySettings settings = new JoinTokenKeySettings("", List.of());
    JoinTokenKeyRing first = new JoinTokenKeyRing(settings, data(dir));
    JoinTokenKeyRing second = new JoinTokenKeyRing(settings, data(dir));
    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(second.jwks()).isEqualTo(first.jwks());
  }

  @Test
  void aConfiguredKeyFileIsUsedAndVerifies() throws Exception {
    KeyPair production = Jwts.SIG.ES256.keyPair().build();
    Path file = dir.resolve("join.pem");
    Files.writeString(file, JoinTokenKeyRing.pem(production));
    JoinTokenKeySettings settings = new JoinTokenKeySettings(file.toString(), List.of());
    JoinTokenKeyRing ring = new JoinTokenKeyRing(settings, data(dir.resolve("data")));

    assertThat(ring.privateKey()).isEqualTo(production.getPrivate());
    assertThat(Files.exists(dir.resolve("data/keys/join-token-es256.pem"))).isFalse();
    Instant now = Instant.now();
    JoinTokenClaims claims =
        new JoinTokenClaims(
            "https://x",
            JoinTokens.AUDIENCE,
            "u",
            "U",
            ParticipantRole.HOST,
            "s1",
            "",
            null,
            now,
            now,
            now.plusSeconds(60),
            UUID.randomUUID().toString());
    String token = JoinTokens.sign(claims, ring.privateKey(), ring.keyId());
    assertThat(
            new JoinTokenVerifier(ring, "https://x", Clock.systemUTC(), Duration.ZERO)
                .verify(token, "s1")
                .userId())
        .isEqualTo("u");
  }

  /**
   * After a key change, links signed with the previous key keep verifying until they expire; new
   * ones use the new key.
   */
  @Test
  void previousKeysStayPublishedAndAcceptedAfterAKeyChange() throws Exception {
    KeyPair old = Jwts.SIG.ES256.keyPair().build();
    KeyPair current = Jwts.SIG.ES256.keyPair().build();
    Files.writeString(dir.resolve("old.pem"), JoinTokenKeyRing.pem(old));
    Files.writeString(dir.resolve("current.pem"), JoinTokenKeyRing.pem(current));
    JoinTokenKeySettings before =
        new JoinTokenKeySettings(dir.resolve("old.pem").toString(), List.of());
    JoinTokenKeyRing oldRing = new JoinTokenKeyRing(before, data(dir.resolve("data")));
    Instant now = Instant.now();
    JoinTokenClaims claims =
        new JoinTokenClaims(
            "https://x",
            JoinTokens.AUDIENCE,
            "u",
            "U",
            ParticipantRole.HOST,
            "s1",
            "",
            null,
            now,
            now,
            now.plusSeconds(600),
            UUID.randomUUID().toString());
    String issuedBefore = JoinTokens.sign(claims, oldRing.privateKey(), oldRing.keyId());

    JoinTokenKeySettings after =
        new JoinTokenKeySettings(
            dir.resolve("current.pem").toString(), List.of(" " + dir.resolve("old.pem") + " ", ""));
    JoinTokenKeyRing ring = new JoinTokenKeyRing(after, data(dir.resolve("data")));

    assertThat(ring.privateKey()).isEqualTo(current.getPrivate());
    assertThat(ring.keyId()).isNotEqualTo(oldRing.keyId());
    assertThat(JsonWebKeySets.parse(ring.jwks())).containsOnlyKeys(ring.keyId(), oldRing.keyId());
    JoinTokenVerifier verifier =
        new JoinTokenVerifier(ring, "https://x", Clock.systemUTC(), Duration.ZERO);
    assertThat(verifier.verify(issuedBefore, "s1").userId()).isEqualTo("u");
    assertThat(
            verifier
                .verify(JoinTokens.sign(claims, ring.privateKey(), ring.keyId()), "s1")
                .userId())
        .isEqualTo("u");

    JoinTokenKeySettings missing =
        new JoinTokenKeySettings(
            dir.resolve("current.pem").toString(), List.of(dir.resolve("missing.pem").toString()));
    assertThatThrownBy(() -> new JoinTokenKeyRing(missing, data(dir.resolve("data"))))
        .hasMessageContaining("JOIN_TOKEN_PREVIOUS_KEY_FILES");
  }

  @Test
  void aKeyFileWithoutBothHalvesIsRefusedAtStart() throws Exception {
    Path file = dir.resolve("broken.pem");
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    JoinTokenKeySettings settings = new JoinTokenKeySettings(file.toString(), List.of());
    assertThatThrownBy(() -> new JoinTokenKeyRing(settings, data(dir)))
        .hasMessageContaining("PRIVATE KEY");
  }
}
