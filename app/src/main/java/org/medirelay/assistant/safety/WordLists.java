package org.medirelay.assistant.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named word lists of the red-flag rules and the phrases they stand for. In a phrase, {@code
 * {name}} stands for each phrase of that list and {@code a..b} for each whole number from a to b,
 * so "{pain} in {chest}" and "for 15..59 minute" are written once instead of a hundred times.
 */
final class WordLists {

  private static final Pattern REFERENCE = Pattern.compile("\\{([a-z0-9-]+)}");
  private static final Pattern RANGE = Pattern.compile("\\b(\\d+)\\.\\.(\\d+)\\b");

  /** Deeper than any sensible list; deeper means a list refers to itself. */
  private static final int MAX_DEPTH = 8;

  /** A range wider than this is a typo in the rules, not a list of numbers anyone means. */
  private static final int MAX_RANGE = 200;

  private final Map<String, List<String>> lists = new LinkedHashMap<>();

  /** Adds phrases to a list, creating it the first time. */
  void add(String name, List<String> phrases) {
    lists.computeIfAbsent(name, n -> new ArrayList<>()).addAll(phrases);
  }

  boolean has(String name) {
    return lists.containsKey(name);
  }

  /** Every phrase {@code template} stands for, with lists and ranges filled in. */
  List<String> expand(String template) {
    List<String> out = new ArrayList<>();
    expand(template, 0, out);
    return out;
  }

  private void expand(String template, int depth, List<String> out) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("lists refer to each other in a circle: " + template);
    }
    Matcher range = RANGE.matcher(template);
    if (range.find()) {
      int from = Integer.parseInt(range.group(1));
      int to = Integer.parseInt(range.group(2));
      if (to < from || to - from > MAX_RANGE) {
        throw new IllegalArgumentException("not a usable range: " + range.group());
      }
      for (int n = from; n <= to; n++) {
        expand(replace(template, range, Integer.toString(n)), depth, out);
      }
      return;
    }
    Matcher reference = REFERENCE.matcher(template);
    if (!reference.find()) {
      out.add(template);
      return;
    }
    List<String> list = lists.get(reference.group(1));
    if (list == null) {
      throw new IllegalArgumentException("no list named " + reference.group(1));
    }
    for (String phrase : list) {
      expand(replace(template, reference, phrase), depth + 1, out);
    }
  }

  private static String replace(String template, Matcher found, String with) {
    return template.substring(0, found.start()) + with + template.substring(found.end());
  }
}
