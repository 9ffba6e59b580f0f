package org.medirelay.assistant.intake;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medirelay.assistant.text.Words;

/**
 * Reads when a problem started: "3 days ago", "for two weeks", "since Monday", "yesterday", "last
 * night", "2026-11-01", "1 November", and also answers with no date in them that are still answers
 * ("for years", "not sure"). The date is worked out in the clock's time zone, the clinic's, which
 * is where "yesterday" is meant.
 */
final class OnsetAnswer {

  private static final Map<String, Integer> COUNTS =
      Map.ofEntries(
          Map.entry("a", 1),
          Map.entry("an", 1),
          Map.entry("one", 1),
          Map.entry("couple", 2),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("few", 3),
          Map.entry("four", 4),
          Map.entry("several", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12));
  private static final Set<String> TODAY =
      Set.of(
          "today",
          "morning",
          "afternoon",
          "evening",
          "tonight",
          "hour",
          "hours",
          "minute",
          "minutes",
          "just",
          "now");
  private static final Set<String> UNDATED =
      Set.of(
          "years",
          "ages",
          "always",
          "childhood",
          "child",
          "birth",
          "forever",
          "long",
          "while",
          "sure",
          "know",
          "remember",
          "unsure",
          "months",
          "gradually",
          "slowly",
          "decades",
          "teenager");

  private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");

  private final Clock clock;

  OnsetAnswer(Clock clock) {
    this.clock = clock;
  }

  /** The onset, or empty when the words hold no time at all. */
  Optional<Onset> read(String message) {
    String described = message.strip();
    List<String> tokens = Words.tokens(described);
    LocalDate today = LocalDate.now(clock);
    if (tokens.contains("tomorrow")) {
      return Optional.empty();
    }
    Optional<LocalDate> date =
        isoDate(described)
            .or(() -> countedBack(tokens, today))
            .or(() -> named(tokens, today))
            .or(() -> weekday(tokens, today))
            .or(() -> dayOfMonth(tokens, today));
    if (date.isPresent()) {
      return Optional.of(new Onset(described, date.get()));
    }
    if (tokens.stream().anyMatch(UNDATED::contains)) {
      return Optional.of(new Onset(described, null));
    }
    return Optional.empty();
  }

  private static Optional<LocalDate> isoDate(String text) {
    Matcher m = ISO_DATE.matcher(text);
    if (m.find()) {
      try {
        return Optional.of(
            LocalDate.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** "3 days ago", "for two weeks", "a couple of months". */
  private static Optional<LocalDate> countedBack(List<String> tokens, LocalDate today) {
    for (int i = 0; i < tokens.size(); i++) {
      Integer count = count(tokens.get(i));
      if (count == null) {
        continue;
      }
      int unitAt = i + 1 < tokens.size() && tokens.get(i + 1).equals("of") ? i + 2 : i + 1;
      if (unitAt >= tokens.size()) {
        continue;
      }
      String unit = Words.stem(tokens.get(unitAt));
      switch (unit) {
        case "minute", "hour" -> {
          return Optional.of(today);
        }
        case "day", "night" -> {
          return Optional.of(today.minusDays(count));
        }
        case "week" -> {
          return Optional.of(today.minusWeeks(count));
        }
        case "month" -> {
          return Optional.of(today.minusMonths(count));
        }
        case "year" -> {
          return Optional.of(today.minusYears(count));
        }
        default -> {}
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalDate> named(List<String> tokens, LocalDate today) {
    for (int i = 0; i < tokens.size(); i++) {
      String word = tokens.get(i);
      String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
      if (word.equals("yesterday") || word.equals("last") && next.equals("night")) {
        return Optional.of(today.minusDays(1));
      }
      if (word.equals("last") && next.equals("week")) {
        return Optional.of(today.minusWeeks(1));
      }
      if (word.equals("last") && next.equals("month")) {
        return Optional.of(today.minusMonths(1));
      }
      if (word.equals("last") && next.equals("year")) {
        return Optional.of(today.minusYears(1));
      }
    }
    return tokens.stream().anyMatch(TODAY::contains) ? Optional.of(today) : Optional.empty();
  }

  /** "since Monday", "on tuesday": the latest such day before today. */
  private static Optional<LocalDate> weekday(List<String> tokens, LocalDate today) {
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      if (tokens.contains(name)) {
        int back = (today.getDayOfWeek().getValue() - day.getValue() + 7) % 7;
        return Optional.of(today.minusDays(back == 0 ? 7 : back));
      }
    }
    return Optional.empty();
  }

  /** "1 November", "november 1st": this year's, or last year's when that would be in the future. */
  private static Optional<LocalDate> dayOfMonth(List<String> tokens, LocalDate today) {
    for (int i = 0; i < tokens.size(); i++) {
      Month month = month(tokens.get(i));
      if (month == null) {
        continue;
      }
      Integer day = i > 0 ? dayNumber(tokens.get(i - 1)) : null;
      if (day == null && i + 1 < tokens.size()) {
        day = dayNumber(tokens.get(i + 1));
      }
      if (day == null || day > month.length(true)) {
        return Optional.empty();
      }
      LocalDate date =
          LocalDate.of(today.getYear(), month, Math.min(day, month.length(today.isLeapYear())));
      return Optional.of(date.isAfter(today) ? date.minusYears(1) : date);
    }
    return Optional.empty();
  }

  private static Month month(String token) {
    for (Month month : Month.values()) {
      String name = month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      if (token.length() >= 3
          && name.startsWith(token)
          && (token.length() == 3 || token.equals(name))) {
        return month;
      }
    }
    return null;
  }

  private static Integer dayNumber(String token) {
    String digits = token.replaceAll("(st|nd|rd|th)$", "");
    if (!digits.isEmpty() && digits.length() <= 2 && digits.chars().allMatch(Character::isDigit)) {
      int day = Integer.parseInt(digits);
      return day >= 1 && day <= 31 ? day : null;
    }
    return null;
  }

  private static Integer count(String token) {
    if (!token.isEmpty() && token.length() <= 3 && token.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(token);
    }
    return COUNTS.get(token);
  }
}
