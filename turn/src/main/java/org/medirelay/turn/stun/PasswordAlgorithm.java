package org.medirelay.turn.stun;

import java.util.Optional;

/**
 * The algorithms of RFC 8489 §18.5 that turn username, realm and password into the long-term key.
 */
public enum PasswordAlgorithm {
  MD5(0x0001, "MD5"),
  SHA256(0x0002, "SHA-256");

  private final int code;
  private final String digestName;

  PasswordAlgorithm(int code, String digestName) {
    this.code = code;
    this.digestName = digestName;
  }

  public int code() {
    return code;
  }

  public String digestName() {
    return digestName;
  }

  public static Optional<PasswordAlgorithm> ofCode(int code) {
    for (PasswordAlgorithm a : values()) {
      if (a.code == code) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
