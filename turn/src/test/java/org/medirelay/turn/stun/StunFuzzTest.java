package org.medirelay.turn.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz tests (Jazzer) for what a client sends the server as STUN: whole messages with every
 * attribute codec (RFC 8489, RFC 8656), and Send indications read in place. Inputs replayed in
 * every build: {@code src/test/resources/org/medirelay/turn/stun/StunFuzzTestInputs/<method>/};
 * fuzzing: {@code bench/fuzz/run.sh}.
 */
class StunFuzzTest {

  /**
   * A datagram is a message or a {@link StunFormatException}; a message keeps the header's type and
   * transaction id, holds no more attributes than its bytes have room for, and its attributes
   * encode back to bytes that decode to the same attributes (every codec is symmetric).
   */
  @FuzzTest
  void decodesAMessageOrSaysWhyNot(byte[] bytes) {
    StunMessage message;
    try {
      message = StunDecoder.decode(bytes);
    } catch (StunFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(message.type()).isEqualTo(ByteBuffer.wrap(bytes).getShort() & 0xFFFF);
    assertThat(message.transactionId()).isEqualTo(Arrays.copyOfRange(bytes, 8, 20));
    int room = (bytes.length - StunHeader.LENGTH) / 4;
    assertThat(message.attributes().size() + message.unknownComprehensionRequired().size())
        .isLessThanOrEqualTo(room);
    message.integrityAlgorithm();

    List<StunAttribute> plain =
        message.attributes().stream()
            .filter(a -> !(a instanceof MessageIntegrityAttribute))
            .filter(a -> !(a instanceof FingerprintAttribute))
            .toList();
    byte[] encoded =
        StunEncoder.encode(StunMessage.of(message.type(), message.transactionId(), plain));
    StunMessage again;
    try {
      again = StunDecoder.decode(encoded);
    } catch (StunFormatException e) {
      throw new AssertionError("re-encoded attributes do not decode: " + e.getMessage(), e);
    }
    assertThat(StunEncoder.encode(again)).isEqualTo(encoded);
  }

  /**
   * The relay's in-place reader of Send indications never reads outside the datagram, and what it
   * accepts points inside it: a 4- or 16-byte peer address and DATA within the message.
   */
  @FuzzTest
  void readsASendIndicationOnlyWithinItsBytes(byte[] bytes) {
    if (!StunHeader.looksLikeStun(ByteBuffer.wrap(bytes), 0, bytes.length)) {
      return; // the dispatcher hands only STUN-looking datagrams to the reader
    }
    SendIndicationReader reader = new SendIndicationReader();
    if (!reader.read(ByteBuffer.wrap(bytes), 0, bytes.length)) {
      return;
    }
    assertThat(reader.peerAddressLength()).isIn(4, 16);
    assertThat(reader.peerPort()).isBetween(0, 0xFFFF);
    assertThat(reader.dataOffset()).isBetween(StunHeader.LENGTH + 4, bytes.length);
    assertThat(reader.dataOffset() + reader.dataLength()).isLessThanOrEqualTo(bytes.length);
  }
}
