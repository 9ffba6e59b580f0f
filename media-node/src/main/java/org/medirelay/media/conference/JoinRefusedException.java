package org.medirelay.media.conference;

/**
 * Thrown when a participant cannot join: the close code to end the connection with, and a message
 * fit for the person.
 */
public final class JoinRefusedException extends Exception {
  private final int code;

  JoinRefusedException(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
