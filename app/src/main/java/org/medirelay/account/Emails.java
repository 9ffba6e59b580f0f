package org.medirelay.account;

import java.util.Locale;

/** One spelling per address, so "Ann@Clinic.org" and "ann@clinic.org" are one account. */
public final class Emails {

  private Emails() {}

  public static String normalize(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }
}
