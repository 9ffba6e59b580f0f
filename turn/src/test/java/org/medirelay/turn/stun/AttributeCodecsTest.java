package org.medirelay.turn.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attribute class encodes and decodes symmetrically through the factory, and rejects bad
 * lengths.
 */
class AttributeCodecsTest {

  private static final byte[] TID = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabac");

  static Stream<StunAttribute> attributes() {
    return Stream.of(
        XorAddressAttribute.of(
            AttributeType.XOR_PEER_ADDRESS, new InetSocketAddress("203.0.113.7", 5000)),
        XorAddressAttribute.of(
            AttributeType.XOR_RELAYED_ADDRESS, new InetSocketAddress("2001:db8::9", 49152)),
        new XorAddressAttribute(
            AttributeType.XOR_PEER_ADDRESS,
            HexFormat.of().parseHex("00000000000000000000ffff7f000001"),
            80),
        new UsernameAttribute("1700000000:patient-42"),
        new RealmAttribute("medirelay"),
        new NonceAttribute("obMatJos2gAAAabc"),
        new SoftwareAttribute("x"),
        new ErrorCodeAttribute(438, "Stale Nonce"),
        new UnknownAttributesAttribute(List.of(0x0031, 0x7777, 0x0002)),
        new LifetimeAttribute(0xFFFF_FFFFL),
        new ChannelNumberAttribute(0x4001),
        new RequestedTransportAttribute(17),
        new RequestedAddressFamilyAttribute(2),
        new EvenPortAttribute(true),
        new ReservationTokenAttribute(0x0102030405060708L),
        new DontFragmentAttribute(),
        new DataAttribute(new byte[] {1, 2, 3, 4, 5}),
        PasswordAlgorithmsAttribute.of(List.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5)),
        new PasswordAlgorithmAttribute(PasswordAlgorithm.SHA256.code()),
        new OpaqueAttribute(0x8055, new byte[] {9, 9, 9}));
  }

  @ParameterizedTest
  @MethodSource("attributes")
  void decodeOfEncodeIsTheSameAttribute(StunAttribute attribute) throws Exception {
    byte[] bytes = StunEncoder.encode(StunMessage.of(0x0001, TID, List.of(attribute)));

    StunMessage decoded = StunDecoder.decode(bytes);

    assertThat(decoded.attributes()).containsExactly(attribute);
    assertThat(bytes.length % 4).isZero();
  }

  @Test
  void attributesThatOverrunTheMessageAreRejected() {
    byte[] bytes =
        StunEncoder.encode(StunMessage.of(0x0001, TID, List.of(new LifetimeAttribute(5))));
    bytes[23] = 8; // LIFETIME claims 8 bytes but the message holds 4

    assertThatThrownBy(() -> StunDecoder.decode(bytes)).isInstanceOf(StunFormatException.class);
  }

  @Test
  void fixedSizeAttributesWithTheWrongLengthAreRejected() {
    byte[] bytes =
        StunEncoder.encode(StunMessage.of(0x0001, TID, List.of(new DataAttribute(new byte[3]))));
    bytes[21] = (byte) AttributeType.LIFETIME; // a 3-byte LIFETIME

    assertThatThrownBy(() -> StunDecoder.decode(bytes)).hasMessageContaining("LIFETIME");
  }

  @Test
  void unknownComprehensionRequiredAttributesAreCollectedAndOptionalOnesKept() throws Exception {
    byte[] bytes =
        StunEncoder.encode(
            StunMessage.of(
                0x0003,
                TID,
                List.of(
                    new OpaqueAttribute(0x0031, new byte[4]),
                    new OpaqueAttribute(0xC001, new byte[2]))));

    StunMessage decoded = StunDecoder.decode(bytes);

    assertThat(decoded.unknownComprehensionRequired()).containsExactly(0x0031);
    assertThat(decoded.get(0xC001)).isPresent();
  }

  @Test
  void messageTypeInterleavesMethodAndClass() {
    assertThat(StunMessageType.of(StunMessageType.ALLOCATE, StunMessageType.ERROR))
        .isEqualTo(0x0113);
    assertThat(StunMessageType.SEND_INDICATION).isEqualTo(0x0016);
    assertThat(StunMessageType.DATA_INDICATION).isEqualTo(0x0017);
    assertThat(StunMessageType.method(0x0119)).isEqualTo(StunMessageType.CHANNEL_BIND);
    assertThat(StunMessageType.messageClass(0x0119)).isEqualTo(StunMessageType.ERROR);
  }
}
