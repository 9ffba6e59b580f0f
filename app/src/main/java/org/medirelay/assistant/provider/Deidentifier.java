package org.medirelay.assistant.provider;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes what identifies a patient from a question before it leaves the clinic for an external
 * language model: the patient's own name, e-mail addresses, links, phone numbers, dates, postcodes
 * and long numbers (record, insurance and NHS numbers). It is a safety net for the default mode, in
 * which only the question itself is sent, never the patient's intake, appointments or conversation.
 */
public final class Deidentifier {

  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
  private static final Pattern URL = Pattern.compile("(?i)\\b(https?://|www\\.)\\S+");
  private static final Pattern DATE = Pattern.compile("\\b\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}\\b");
  private static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\d[\\d ()-]{6,}\\d\\b");
  private static final Pattern LONG_NUMBER = Pattern.compile("\\b\\d{5,}\\b");
  private static final Pattern UK_POSTCODE =
      Pattern.compile("(?i)\\b[A-Z]{1,2}\\d[A-Z\\d]?\\s*\\d[A-Z]{2}\\b");
  private static final Pattern SELF_NAMED =
      Pattern.compile(
          "(?i)\\b(my name is|i am called|this is)\\s+[\\p{L}'-]+(\\s+[\\p{Lu}][\\p{L}'-]+)?");

  /** The question without identifiers; {@code patientName} may be null. */
  public String clean(String text, String patientName) {
    String out = EMAIL.matcher(text).replaceAll("[email]");
    out = URL.matcher(out).replaceAll("[link]");
    out = DATE.matcher(out).replaceAll("[date]");
    out = PHONE.matcher(out).replaceAll("[number]");
    out = LONG_NUMBER.matcher(out).replaceAll("[number]");
    out = UK_POSTCODE.matcher(out).replaceAll("[postcode]");
    out = SELF_NAMED.matcher(out).replaceAll("$1 [name]");
    if (patientName != null) {
      for (String part : patientName.split("\\s+")) {
        if (part.length() >= 2) {
          out =
              Pattern.compile("(?iu)\\b" + Pattern.quote(part.toLowerCase(Locale.ROOT)) + "\\b")
                  .matcher(out)
                  .replaceAll("[name]");
        }
      }
    }
    return out;
  }
}
