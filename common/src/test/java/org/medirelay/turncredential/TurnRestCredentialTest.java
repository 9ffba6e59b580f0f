package org.medirelay.turncredential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TurnRestCredentialTest {

  @Test
  void usernameCarriesExpiryAndPasswordIsTheBase64HmacSha1OfIt() {
    // Vector computed independently: printf '1700000000:alice' | openssl dgst -sha1 -hmac 'north'
    // -binary | base64
    TurnRestCredential credential =
        TurnRestCredential.issue("north", "alice", Instant.ofEpochSecond(1_700_000_000L));
    assertThat(credential.username()).isEqualTo("1700000000:alice");
    assertThat(credential.password()).isEqualTo(OPENSSL_VECTOR);
    assertThat(TurnRestCredential.matches("north", credential.username(), credential.password()))
        .isTrue();
    assertThat(TurnRestCredential.matches("south", credential.username(), credential.password()))
        .isFalse();
    assertThat(TurnRestCredential.expiryOf(credential.username()))
        .contains(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void refusesUserIdsThatWouldCorruptTheUsername() {
    assertThatThrownBy(() -> TurnRestCredential.issue("s", "a:b", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TurnRestCredential.expiryOf("alice")).isEmpty();
  }

  @Test
  void anExpiryBeyondWhatAnInstantHoldsIsNoExpiry() {
    assertThat(TurnRestCredential.expiryOf("9000000000000000000:x")).isEmpty();
    assertThat(TurnRestCredential.expiryOf("-9000000000000000000:x")).isEmpty();
    assertThat(TurnRestCredential.expiryOf("99999999999999999999:x")).isEmpty();
  }

  private static final String OPENSSL_VECTOR = "Cd/49soE35ICqcJF/bCTn8Z4OyE=";
}
