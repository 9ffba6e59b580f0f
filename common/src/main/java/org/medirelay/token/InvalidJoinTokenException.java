package org.medirelay.token;

/** A join token was refused. {@link #reason()} is safe to show to the person holding the link. */
public final class InvalidJoinTokenException extends Exception {

  /** Why a token was refused; each has a sentence a patient or doctor can act on. */
  public enum Reason {
    MISSING("No join token was given. Open the link from your appointment again."),
    MALFORMED("The join link is damaged. Open the link from your appointment again."),
    BAD_SIGNATURE("The join link was not issued by this clinic."),
    UNSUPPORTED_ALGORITHM("The join link was not issued by this clinic."),
    EXPIRED("The join link has expired. Ask for a new one."),
    NOT_YET_VALID("The join link is not valid yet."),
    WRONG_ISSUER("The join link was not issued by this clinic."),
    WRONG_AUDIENCE("The join link is not meant for video sessions."),
    WRONG_SESSION("The join link belongs to another session."),
    UNKNOWN_KEY("The join link was signed with a key this server does not know.");

    private final String userMessage;

    Reason(String userMessage) {
      this.userMessage = userMessage;
    }

    /** A sentence for the person holding the link. */
    public String userMessage() {
      return userMessage;
    }
  }

  private final Reason reason;

  public InvalidJoinTokenException(Reason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  public InvalidJoinTokenException(Reason reason, String detail) {
    this(reason, detail, null);
  }

  public Reason reason() {
    return reason;
  }
}
