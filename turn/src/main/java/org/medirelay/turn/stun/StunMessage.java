package org.medirelay.turn.stun;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A STUN message: type, transaction id and attributes in order. A decoded message also remembers
 * its own bytes and where its integrity attributes start, because MESSAGE-INTEGRITY is checked over
 * the bytes as received.
 */
public final class StunMessage {

  private final int type;
  private final byte[] transactionId;
  private final List<StunAttribute> attributes;
  private final byte[] raw;
  private final List<Integer> unknownComprehensionRequired;
  private final int sha1Offset;
  private final int sha256Offset;

  private StunMessage(
      int type,
      byte[] transactionId,
      List<StunAttribute> attributes,
      byte[] raw,
      List<Integer> unknown,
      int sha1Offset,
      int sha256Offset) {
    if (transactionId.length != 12) {
      throw new IllegalArgumentException("a transaction id has 12 bytes");
    }
    this.type = type;
    this.transactionId = transactionId.clone();
    this.attributes = Collections.unmodifiableList(new ArrayList<>(attributes));
    this.raw = raw;
    this.unknownComprehensionRequired = List.copyOf(unknown);
    this.sha1Offset = sha1Offset;
    this.sha256Offset = sha256Offset;
  }

  /** A message to encode. */
  public static StunMessage of(int type, byte[] transactionId, List<StunAttribute> attributes) {
    return new StunMessage(type, transactionId, attributes, null, List.of(), -1, -1);
  }

  static StunMessage decoded(
      int type,
      byte[] transactionId,
      List<StunAttribute> attributes,
      byte[] raw,
      List<Integer> unknown,
      int sha1Offset,
      int sha256Offset) {
    return new StunMessage(type, transactionId, attributes, raw, unknown, sha1Offset, sha256Offset);
  }

  public int type() {
    return type;
  }

  public int method() {
    return StunMessageType.method(type);
  }

  public int messageClass() {
    return StunMessageType.messageClass(type);
  }

  public boolean isRequest() {
    return messageClass() == StunMessageType.REQUEST;
  }

  public byte[] transactionId() {
    return transactionId.clone();
  }

  public List<StunAttribute> attributes() {
    return attributes;
  }

  /**
   * The first attribute of the given class, as RFC 8489 says to use only the first of duplicates.
   */
  public <T extends StunAttribute> Optional<T> get(Class<T> kind) {
    for (StunAttribute a : attributes) {
      if (kind.isInstance(a)) {
        return Optional.of(kind.cast(a));
      }
    }
    return Optional.empty();
  }

  /** The first attribute with the given type code. */
  public Optional<StunAttribute> get(int attributeType) {
    for (StunAttribute a : attributes) {
      if (a.type() == attributeType) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  public List<StunAttribute> getAll(int attributeType) {
    return attributes.stream().filter(a -> a.type() == attributeType).toList();
  }

  /** Comprehension-required attribute types the decoder did not know, for a 420 response. */
  public List<Integer> unknownComprehensionRequired() {
    return unknownComprehensionRequired;
  }

  /**
   * Where the received integrity attribute of this algorithm starts, or -1 when the message has
   * none.
   */
  int integrityOffset(IntegrityAlgorithm algorithm) {
    return algorithm == IntegrityAlgorithm.HMAC_SHA1 ? sha1Offset : sha256Offset;
  }

  /**
   * The integrity algorithm the sender used (SHA-256 when both are present), or null when
   * unauthenticated.
   */
  public IntegrityAlgorithm integrityAlgorithm() {
    return sha256Offset >= 0
        ? IntegrityAlgorithm.HMAC_SHA256
        : sha1Offset >= 0 ? IntegrityAlgorithm.HMAC_SHA1 : null;
  }

  /** The received bytes, or null for a message built to be sent. */
  byte[] raw() {
    return raw;
  }
}
