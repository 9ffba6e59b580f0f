package org.medirelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fuzz test (Jazzer) for the one part of a request body the app takes apart by hand: the sign-in
 * proof of work ({@code proof: {challenge, nonce}}); Spring and Jackson bind every other body.
 * Whatever a client sends, {@link ProofOfWork#accepts} answers true or false and nothing else, and
 * true only for a challenge issued to that address, word for word, whose nonce solves it, once.
 * Inputs replayed in every build: {@code
 * src/test/resources/org/medirelay/auth/ProofOfWorkFuzzTestInputs/<method>/}.
 */
class ProofOfWorkFuzzTest {

  private static final String ADDRESS = "203.0.113.7";

  /**
   * The accepted challenges in memory, as the store keeps them for every instance: a store round
   * trip per input would slow the fuzzer a hundredfold for nothing this harness checks.
   */
  private final Set<String> used = new HashSet<>();

  private final ProofOfWork work =
      new ProofOfWork(
          Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC),
          new SecretKeySpec(new byte[32], "HmacSHA256"),
          (challenge, expiry) -> used.add(challenge));

  @FuzzTest
  void acceptsOnlyAnIssuedChallengeSolvedOnce(FuzzedDataProvider data) {
    // Few bits, so that the fuzzer's nonces solve issued challenges now and then.
    ProofOfWork.Challenge issued = work.issue(ADDRESS, data.consumeInt(0, 2));
    String challenge =
        data.consumeBoolean() ? issued.value() + data.consumeString(8) : data.consumeString(300);
    String address = data.consumeBoolean() ? ADDRESS : data.consumeString(40);
    String nonce = data.consumeRemainingAsString();

    boolean accepted = work.accepts(challenge, nonce, address);

    boolean solves = ProofOfWork.zeroBits(sha256(challenge + ":" + nonce)) >= issued.bits();
    boolean expected = challenge.equals(issued.value()) && address.equals(ADDRESS) && solves;
    assertThat(accepted).isEqualTo(expected);
    if (accepted) {
      assertThat(work.accepts(challenge, nonce, address)).as("accepted once").isFalse();
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
