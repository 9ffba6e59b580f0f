package org.medirelay.mail;

/**
 * The app's one way to reach a person outside the browser: an account owner someone tried to
 * register again, a new staff member's invitation. A port, so that a clinic's mail server can be
 * plugged in later without touching the code that decides what to say.
 */
public interface OutboundMail {

  void send(Mail mail);
}
