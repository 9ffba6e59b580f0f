package org.medirelay.turn.stun;

/** Bytes that are not a well-formed STUN message. */
public final class StunFormatException extends Exception {

  private final boolean dropSilently;

  public StunFormatException(String message) {
    this(message, false);
  }

  /**
   * @param dropSilently true when the message must be discarded without an answer (a FINGERPRINT
   *     mismatch: the bytes may not even be STUN)
   */
  public StunFormatException(String message, boolean dropSilently) {
    super(message, null, false, false);
    this.dropSilently = dropSilently;
  }

  public boolean dropSilently() {
    return dropSilently;
  }
}
