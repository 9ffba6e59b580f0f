package org.medirelay.turn.stun;

import java.util.HashMap;
import java.util.Map;

/**
 * The attribute factory: which decoder reads each attribute type this server understands. A
 * comprehension-required type that is missing here is "unknown" and makes a request fail with 420
 * (RFC 8489 §6.3.1).
 */
public final class AttributeCodecs {

  private static final Map<Integer, AttributeDecoder> DECODERS = new HashMap<>();

  static {
    register(
        XorAddressAttribute::decode,
        AttributeType.XOR_MAPPED_ADDRESS,
        AttributeType.XOR_PEER_ADDRESS,
        AttributeType.XOR_RELAYED_ADDRESS);
    register(UsernameAttribute::decode, AttributeType.USERNAME);
    register(RealmAttribute::decode, AttributeType.REALM);
    register(NonceAttribute::decode, AttributeType.NONCE);
    register(SoftwareAttribute::decode, AttributeType.SOFTWARE);
    register(ErrorCodeAttribute::decode, AttributeType.ERROR_CODE);
    register(UnknownAttributesAttribute::decode, AttributeType.UNKNOWN_ATTRIBUTES);
    register(
        MessageIntegrityAttribute::decode,
        AttributeType.MESSAGE_INTEGRITY,
        AttributeType.MESSAGE_INTEGRITY_SHA256);
    register(FingerprintAttribute::decode, AttributeType.FINGERPRINT);
    register(LifetimeAttribute::decode, AttributeType.LIFETIME);
    register(ChannelNumberAttribute::decode, AttributeType.CHANNEL_NUMBER);
    register(RequestedTransportAttribute::decode, AttributeType.REQUESTED_TRANSPORT);
    register(RequestedAddressFamilyAttribute::decode, AttributeType.REQUESTED_ADDRESS_FAMILY);
    register(EvenPortAttribute::decode, AttributeType.EVEN_PORT);
    register(ReservationTokenAttribute::decode, AttributeType.RESERVATION_TOKEN);
    register(DontFragmentAttribute::decode, AttributeType.DONT_FRAGMENT);
    register(DataAttribute::decode, AttributeType.DATA);
    register(PasswordAlgorithmsAttribute::decode, AttributeType.PASSWORD_ALGORITHMS);
    register(PasswordAlgorithmAttribute::decode, AttributeType.PASSWORD_ALGORITHM);
    // Understood in the sense of RFC 8489: ICE attributes in a Binding request need no action from
    // a TURN server.
    register(OpaqueAttribute::decode, AttributeType.PRIORITY, AttributeType.USE_CANDIDATE);
  }

  private AttributeCodecs() {}

  private static void register(AttributeDecoder decoder, int... types) {
    for (int type : types) {
      DECODERS.put(type, decoder);
    }
  }

  /** The decoder for {@code type}, or null when this server does not understand it. */
  static AttributeDecoder decoderFor(int type) {
    return DECODERS.get(type);
  }
}
