package org.medirelay.assistant.provider;

/**
 * The language model gave no usable answer: unreachable, too slow, an error status, or a body we
 * cannot read.
 */
public final class ProviderException extends Exception {

  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
