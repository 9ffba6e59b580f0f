package org.medirelay.assistant.intake;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.medirelay.assistant.text.Words;

/**
 * Reads a 0-10 rating from a patient's words: "7", "7/10", "seven out of ten", "about 6", "6-7"
 * (the higher: a range is read on the side of caution), "not at all" (0). Numbers that are
 * durations ("2 days") are not ratings.
 */
final class SeverityAnswer {

  /** Outcome of reading one answer. */
  enum Kind {
    RATING,
    OUT_OF_RANGE,
    NO_NUMBER
  }

  record Reading(Kind kind, int rating) {}

  private static final Pattern SCALE = Pattern.compile("(?i)\\s*(/|out of|of)\\s*(10|ten)\\b");
  private static final Map<String, Integer> NUMBER_WORDS =
      Map.ofEntries(
          Map.entry("zero", 0),
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12),
          Map.entry("hundred", 100));
  private static final Set<String> DURATION_UNITS =
      Set.of(
          "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
          "year", "years", "am", "pm", "oclock", "times", "mg", "tablets", "pills");
  private static final Set<String> NONE =
      Set.of("not at all", "none", "no pain", "nothing", "no discomfort");

  private SeverityAnswer() {}

  static Reading read(String message) {
    if (NONE.contains(Words.plain(message))) {
      return new Reading(Kind.RATING, 0);
    }
    List<String> tokens = Words.tokens(SCALE.matcher(message).replaceAll(" "));
    OptionalInt highest = OptionalInt.empty();
    for (int i = 0; i < tokens.size(); i++) {
      Integer value = number(tokens.get(i));
      boolean duration = i + 1 < tokens.size() && DURATION_UNITS.contains(tokens.get(i + 1));
      if (value != null && !duration && (highest.isEmpty() || value > highest.getAsInt())) {
        highest = OptionalInt.of(value);
      }
    }
    if (highest.isEmpty()) {
      return new Reading(Kind.NO_NUMBER, -1);
    }
    int rating = highest.getAsInt();
    return rating > 10 ? new Reading(Kind.OUT_OF_RANGE, rating) : new Reading(Kind.RATING, rating);
  }

  private static Integer number(String token) {
    if (!token.isEmpty() && token.length() <= 4 && token.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(token);
    }
    return NUMBER_WORDS.get(token);
  }
}
