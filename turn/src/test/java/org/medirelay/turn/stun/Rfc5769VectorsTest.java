package org.medirelay.turn.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.turn.auth.LongTermKeys;

/**
 * RFC 5769 test vectors: each sample decoded, its MESSAGE-INTEGRITY and FINGERPRINT checked, and
 * re-encoded.
 */
class Rfc5769VectorsTest {

  private static final byte[] SHORT_TERM_KEY =
      "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);

  static final byte[] SAMPLE_REQUEST =
      hex(
          """
      000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74
      002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5
      b2d3f249c1b571a280280004e57a3bcf""");

  static final byte[] SAMPLE_IPV4_RESPONSE =
      hex(
          """
      0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643
      000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96""");

  static final byte[] SAMPLE_IPV6_RESPONSE =
      hex(
          """
      010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9fa
      a5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c""");

  static final byte[] SAMPLE_LONG_TERM_REQUEST =
      hex(
          """
      000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b900000015001c
      662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b6578616d706c652e6f726700
      00080014f67024656dd64a3e02b8e0712e85c9a28ca89666""");

  @Test
  void sampleRequestParsesAndItsIntegrityAndFingerprintVerify() throws Exception {
    StunMessage message = StunDecoder.decode(SAMPLE_REQUEST);

    assertThat(message.method()).isEqualTo(StunMessageType.BINDING);
    assertThat(message.isRequest()).isTrue();
    assertThat(message.get(SoftwareAttribute.class))
        .contains(new SoftwareAttribute("STUN test client"));
    assertThat(message.get(UsernameAttribute.class)).contains(new UsernameAttribute("evtj:h6vY"));
    assertThat(message.get(AttributeType.PRIORITY)).isPresent();
    assertThat(message.get(AttributeType.ICE_CONTROLLED)).isPresent();
    assertThat(message.get(FingerprintAttribute.class)).isPresent();
    assertThat(MessageIntegrity.verify(message, IntegrityAlgorithm.HMAC_SHA1, SHORT_TERM_KEY))
        .isTrue();
    assertThat(MessageIntegrity.verify(message, IntegrityAlgorithm.HMAC_SHA1, "wrong".getBytes()))
        .isFalse();
  }

  @Test
  void ipv4ResponseGivesTheMappedAddressAndVerifies() throws Exception {
    StunMessage message = StunDecoder.decode(SAMPLE_IPV4_RESPONSE);

    XorAddressAttribute mapped =
        (XorAddressAttribute) message.get(AttributeType.XOR_MAPPED_ADDRESS).orElseThrow();
    assertThat(mapped.socketAddress()).isEqualTo(new InetSocketAddress("192.0.2.1", 32853));
    assertThat(message.messageClass()).isEqualTo(StunMessageType.SUCCESS);
    assertThat(MessageIntegrity.verify(message, IntegrityAlgorithm.HMAC_SHA1, SHORT_TERM_KEY))
        .isTrue();
  }

  @Test
  void ipv6ResponseGivesTheMappedAddressAndVerifies() throws Exception {
    StunMessage message = StunDecoder.decode(SAMPLE_IPV6_RESPONSE);

    XorAddressAttribute mapped =
        (XorAddressAttribute) message.get(AttributeType.XOR_MAPPED_ADDRESS).orElseThrow();
    assertThat(mapped.socketAddress())
        .isEqualTo(
            new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    assertThat(MessageIntegrity.verify(message, IntegrityAlgorithm.HMAC_SHA1, SHORT_TERM_KEY))
        .isTrue();
  }

  @Test
  void longTermRequestVerifiesWithTheMd5KeyOfUsernameRealmPassword() throws Exception {
    StunMessage message = StunDecoder.decode(SAMPLE_LONG_TERM_REQUEST);
    String username = message.get(UsernameAttribute.class).orElseThrow().value();

    assertThat(username).isEqualTo("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
    assertThat(message.get(NonceAttribute.class))
        .contains(new NonceAttribute("f//499k954d6OL34oL9FSTvy64sA"));
    assertThat(message.get(RealmAttribute.class)).contains(new RealmAttribute("example.org"));
    // RFC 5769 §2.4: the password "The<U+00AD>M<U+00AA>tr<U+2168>" is "TheMatrIX" after SASLprep.
    byte[] key = LongTermKeys.derive(PasswordAlgorithm.MD5, username, "example.org", "TheMatrIX");
    assertThat(MessageIntegrity.verify(message, IntegrityAlgorithm.HMAC_SHA1, key)).isTrue();
  }

  @Test
  void encodingTheLongTermRequestReproducesTheVectorByteForByte() throws Exception {
    StunMessage decoded = StunDecoder.decode(SAMPLE_LONG_TERM_REQUEST);
    List<StunAttribute> withoutIntegrity =
        decoded.attributes().stream()
            .filter(a -> !(a instanceof MessageIntegrityAttribute))
            .toList();
    String username = decoded.get(UsernameAttribute.class).orElseThrow().value();
    byte[] key = LongTermKeys.derive(PasswordAlgorithm.MD5, username, "example.org", "TheMatrIX");

    byte[] encoded =
        StunEncoder.encode(
            StunMessage.of(decoded.type(), decoded.transactionId(), withoutIntegrity),
            IntegrityAlgorithm.HMAC_SHA1,
            key,
            false);

    assertThat(encoded).isEqualTo(SAMPLE_LONG_TERM_REQUEST);
  }

  @Test
  void xorAddressesEncodeToTheVectorBytes() {
    byte[] transactionId = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");
    StunMessage v4 =
        StunMessage.of(
            StunMessageType.of(StunMessageType.BINDING, StunMessageType.SUCCESS),
            transactionId,
            List.of(
                XorAddressAttribute.of(
                    AttributeType.XOR_MAPPED_ADDRESS, new InetSocketAddress("192.0.2.1", 32853))));
    StunMessage v6 =
        StunMessage.of(
            StunMessageType.of(StunMessageType.BINDING, StunMessageType.SUCCESS),
            transactionId,
            List.of(
                XorAddressAttribute.of(
                    AttributeType.XOR_MAPPED_ADDRESS,
                    new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853))));

    assertThat(slice(StunEncoder.encode(v4), 20, 32))
        .isEqualTo(slice(SAMPLE_IPV4_RESPONSE, 36, 48));
    assertThat(slice(StunEncoder.encode(v6), 20, 44))
        .isEqualTo(slice(SAMPLE_IPV6_RESPONSE, 36, 60));
  }

  @Test
  void ourIntegrityAndFingerprintAreComputedAsTheVectorsCompute() throws Exception {
    // The vectors pad SOFTWARE with spaces, so the MAC is checked by recomputing it over the
    // vector's own bytes.
    StunMessage message = StunDecoder.decode(SAMPLE_IPV4_RESPONSE);
    int integrityOffset = 20 + 4 + 12 + 4 + 8;
    byte[] mac =
        MessageIntegrity.compute(
            SAMPLE_IPV4_RESPONSE, integrityOffset, IntegrityAlgorithm.HMAC_SHA1, SHORT_TERM_KEY);

    assertThat(mac)
        .isEqualTo(slice(SAMPLE_IPV4_RESPONSE, integrityOffset + 4, integrityOffset + 24));
    assertThat(Fingerprint.compute(SAMPLE_IPV4_RESPONSE, SAMPLE_IPV4_RESPONSE.length - 8))
        .isEqualTo(message.get(FingerprintAttribute.class).orElseThrow().crc());
  }

  @Test
  void aMessageWeEncodeWithBothIntegritiesAndFingerprintDecodesAndVerifies() throws Exception {
    StunMessage message =
        StunMessage.of(
            StunMessageType.of(StunMessageType.ALLOCATE, StunMessageType.REQUEST),
            HexFormat.of().parseHex("0102030405060708090a0b0c"),
            List.of(new RequestedTransportAttribute(17), new UsernameAttribute("alice")));
    byte[] sha256 =
        StunEncoder.encode(message, IntegrityAlgorithm.HMAC_SHA256, SHORT_TERM_KEY, true);

    StunMessage decoded = StunDecoder.decode(sha256);

    assertThat(decoded.integrityAlgorithm()).isEqualTo(IntegrityAlgorithm.HMAC_SHA256);
    assertThat(MessageIntegrity.verify(decoded, IntegrityAlgorithm.HMAC_SHA256, SHORT_TERM_KEY))
        .isTrue();
    assertThat(decoded.get(RequestedTransportAttribute.class))
        .contains(new RequestedTransportAttribute(17));
  }

  @Test
  void aFlippedBitFailsTheFingerprintAndTheMessageIsDroppedSilently() {
    byte[] corrupted = SAMPLE_REQUEST.clone();
    corrupted[30] ^= 0x01;

    assertThatThrownBy(() -> StunDecoder.decode(corrupted))
        .isInstanceOfSatisfying(
            StunFormatException.class, e -> assertThat(e.dropSilently()).isTrue());
  }

  @Test
  void aFlippedBitBeforeIntegrityFailsTheMacWhenThereIsNoFingerprint() throws Exception {
    byte[] corrupted = SAMPLE_LONG_TERM_REQUEST.clone();
    corrupted[40] ^= 0x01;
    StunMessage message = StunDecoder.decode(corrupted);
    byte[] key =
        LongTermKeys.derive(
            PasswordAlgorithm.MD5,
            message.get(UsernameAttribute.class).orElseThrow().value(),
            "example.org",
            "TheMatrIX");

    assertThat(MessageIntegrity.verify(message, IntegrityAlgorithm.HMAC_SHA1, key)).isFalse();
  }

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }
}
