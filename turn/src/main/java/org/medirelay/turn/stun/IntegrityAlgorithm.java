package org.medirelay.turn.stun;

/** The two message-integrity attributes and the HMAC behind each (RFC 8489 §14.5, §14.6). */
public enum IntegrityAlgorithm {
  HMAC_SHA1(AttributeType.MESSAGE_INTEGRITY, "HmacSHA1", 20),
  HMAC_SHA256(AttributeType.MESSAGE_INTEGRITY_SHA256, "HmacSHA256", 32);

  private final int attributeType;
  private final String jcaName;
  private final int macLength;

  IntegrityAlgorithm(int attributeType, String jcaName, int macLength) {
    this.attributeType = attributeType;
    this.jcaName = jcaName;
    this.macLength = macLength;
  }

  public int attributeType() {
    return attributeType;
  }

  String jcaName() {
    return jcaName;
  }

  public int macLength() {
    return macLength;
  }
}
