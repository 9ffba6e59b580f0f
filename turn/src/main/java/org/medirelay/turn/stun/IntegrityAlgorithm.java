package org.medirelay.turn.stun;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The two message-integrity attributes and the HMAC behind each (RFC 8489 §14.5, §14.6). */
public enum IntegrityAlgorithm {
  HMAC_SHA1(AttributeType.MESSAGE_INTEGRITY, "HmacSHA1", 20),
  HMAC_SHA256(AttributeType.MESSAGE_INTEGRITY_SHA256, "HmacSHA256", 32);

  private final int attributeType;
  private final String jcaName;
  private final int macLength;

  /**
   * One Mac per thread: a JCA lookup and provider choice per request cost more than the HMAC
   * itself.
   */
  private final ThreadLocal<Mac> macs;

  IntegrityAlgorithm(int attributeType, String jcaName, int macLength) {
    this.attributeType = attributeType;
    this.jcaName = jcaName;
    this.macLength = macLength;
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                return Mac.getInstance(jcaName);
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jcaName + " is part of every JDK", e);
              }
            });
  }

  /**
   * This thread's Mac for the algorithm, initialized with {@code key}; use it before the next call
   * on the thread.
   */
  Mac keyedMac(byte[] key) {
    Mac mac = macs.get();
    try {
      mac.init(new SecretKeySpec(key, jcaName));
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("unusable HMAC key", e);
    }
    return mac;
  }

  public int attributeType() {
    return attributeType;
  }

  public int macLength() {
    return macLength;
  }
}
