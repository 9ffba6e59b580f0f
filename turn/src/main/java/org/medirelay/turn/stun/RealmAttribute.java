package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** REALM: the realm, UTF-8, at most 763 bytes. */
public record RealmAttribute(String value) implements StunAttribute {

  static final int MAX_BYTES = 763;

  public RealmAttribute {
    if (Utf8Values.encode(value).length > MAX_BYTES) {
      throw new IllegalArgumentException("REALM longer than " + MAX_BYTES + " bytes");
    }
  }

  static RealmAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunFormatException {
    return new RealmAttribute(Utf8Values.decode(value, MAX_BYTES, "REALM"));
  }

  @Override
  public int type() {
    return AttributeType.REALM;
  }

  @Override
  public int valueLength() {
    return Utf8Values.encode(value).length;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put(Utf8Values.encode(value));
  }
}
