package org.medirelay.assistant.intake;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.medirelay.assistant.text.Words;

/**
 * Reads a list answer (medicines, allergies) in the patient's own spelling: "ramipril 5mg,
 * metformin and vitamin D" becomes three entries; "none", "no known allergies", "not taking
 * anything" become an empty list.
 */
final class ListAnswer {

  static final int MAX_ITEMS = 30;
  static final int MAX_ITEM_LENGTH = 200;

  private static final Set<String> NONE =
      Set.of(
          "none",
          "no",
          "nope",
          "nothing",
          "na",
          "n a",
          "nil",
          "no medicines",
          "no medicine",
          "no medication",
          "no medications",
          "no meds",
          "not taking any",
          "not taking anything",
          "i do not take any",
          "i do not take anything",
          "i am not taking anything",
          "i am not taking any",
          "i do not take any medicine",
          "i do not take any medication",
          "no known allergies",
          "nkda",
          "nka",
          "no allergies",
          "no allergy",
          "not that i know of",
          "i do not have any",
          "i have none",
          "none that i know of",
          "i have no allergies",
          "no known drug allergies",
          "none known");
  private static final Pattern SEPARATORS =
      Pattern.compile("\\s*(?:[,;\\n+&]|\\band\\b)\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern LEAD_IN =
      Pattern.compile(
          "^(?:i(?: am|'m|m)? (?:taking|on|allergic to)|i take|taking|allergic to|i use)\\s+",
          Pattern.CASE_INSENSITIVE);

  private ListAnswer() {}

  static boolean isNone(String message) {
    return NONE.contains(Words.plain(message));
  }

  static List<String> items(String message) {
    String text = LEAD_IN.matcher(message.strip()).replaceFirst("");
    return Arrays.stream(SEPARATORS.split(text))
        .map(String::strip)
        .map(s -> s.replaceAll("[.!]+$", ""))
        .filter(s -> !s.isEmpty())
        .map(s -> s.length() > MAX_ITEM_LENGTH ? s.substring(0, MAX_ITEM_LENGTH) : s)
        .limit(MAX_ITEMS)
        .toList();
  }
}
