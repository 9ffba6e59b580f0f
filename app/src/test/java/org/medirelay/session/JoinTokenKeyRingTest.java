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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.config.DataDirectory;
import org.medirelay.config.MediRelaySettings;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokenVerifier;
import org.medirelay.token.JoinTokens;
import org.medirelay.token.ParticipantRole;

/** The join-token key: generated once into the data folder, or loaded from JOIN_TOKEN_KEY_FILE in production. */
class JoinTokenKeyRingTest {

  @TempDir Path dir;

  @Test
  void aGeneratedKeyIsKeptAcrossStarts() {
    MediRelaySettings settings = new MediRelaySettings();
    settings.setDataDir(dir);
    JoinTokenKeyRing first = new JoinTokenKeyRing(settings, new DataDirectory(settings));
    JoinTokenKeyRing second = new JoinTokenKeyRing(settings, new DataDirectory(settings));
    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(second.jwks()).isEqualTo(first.jwks());
  }

  @Test
  void aConfiguredKeyFileIsUsedAndVerifies() throws Exception {
    KeyPair production = Jwts.SIG.ES256.keyPair().build();
    Path file = dir.resolve("join.pem");
    Files.writeString(file, JoinTokenKeyRing.pem(production));
    MediRelaySettings settings = new MediRelaySettings();
    settings.setDataDir(dir.resolve("data"));
    settings.setJoinTokenKeyFile(file.toString());
    JoinTokenKeyRing ring = new JoinTokenKeyRing(settings, new DataDirectory(settings));

    assertThat(ring.privateKey()).isEqualTo(production.getPrivate());
    assertThat(Files.exists(dir.resolve("data/keys/join-token-es256.pem"))).isFalse();
    Instant now = Instant.now();
    JoinTokenClaims claims =
        new JoinTokenClaims("https://x", JoinTokens.AUDIENCE, "u", "U", ParticipantRole.HOST, "s1", "", null, now, now,
            now.plusSeconds(60), UUID.randomUUID().toString());
    String token = JoinTokens.sign(claims, ring.privateKey(), ring.keyId());
    assertThat(new JoinTokenVerifier(ring, "https://x", Clock.systemUTC(), Duration.ZERO).verify(token, "s1").userId())
        .isEqualTo("u");
  }

  @Test
  void aKeyFileWithoutBothHalvesIsRefusedAtStart() throws Exception {
    Path file = dir.resolve("broken.pem");
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    MediRelaySettings settings = new MediRelaySettings();
    settings.setDataDir(dir);
    settings.setJoinTokenKeyFile(file.toString());
    assertThatThrownBy(() -> new JoinTokenKeyRing(settings, new DataDirectory(settings)))
        .hasMessageContaining("PRIVATE KEY");
  }
}
