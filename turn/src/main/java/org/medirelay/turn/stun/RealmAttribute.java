package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** REALM: the realm, UTF-8, at most 763 bytes. */
public record RealmAttribute(String value) implements TextAttribute {

  static final int MAX_BYTES = 763;

  public RealmAttribute {
    TextAttribute.requireWithin(value, MAX_BYTES, "REALM");
  }

  static RealmAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    return new RealmAttribute(Utf8Values.decode(value, MAX_BYTES, "REALM"));
  }

  @Override
  public int type() {
    return AttributeType.REALM;
  }
}
