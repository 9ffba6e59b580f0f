package org.medirelay.assistant.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A list of phrases found in a patient's (tokenized, stemmed) words, tolerant of typos (see {@link
 * Words#similar}) and of one filler word between phrase words, so "pain in my chest", "short of
 * breath" and "so short of breth" are found by the phrases "pain in chest" and "short of breath".
 */
public final class Phrases {

  /**
   * Words a filler may not be: a filler "not" or "no" would change the meaning ("bleeding not
   * stopping").
   */
  private static final Set<String> NEVER_FILLER = Set.of("not", "no", "never", "without", "but");

  /**
   * Where a phrase was found: token positions {@code start} (inclusive) to {@code end} (exclusive).
   */
  public record Match(int start, int end, String phrase) {}

  private final List<String> texts;
  private final List<List<String>> phrases;

  private Phrases(List<String> texts) {
    this.texts = List.copyOf(texts);
    this.phrases = texts.stream().map(Phrases::stemmedTokens).toList();
  }

  public static Phrases of(String... phrases) {
    return new Phrases(List.of(phrases));
  }

  /**
   * Tokens as {@link #find} expects them: from {@link Words#tokens}, each {@link Words#stem
   * stemmed}.
   */
  public static List<String> stemmedTokens(String text) {
    return Words.tokens(text).stream().map(Words::stem).toList();
  }

  /** Every occurrence of every phrase in {@code tokens} (stemmed tokens). */
  public List<Match> find(List<String> tokens) {
    List<Match> found = new ArrayList<>();
    for (int start = 0; start < tokens.size(); start++) {
      for (int p = 0; p < phrases.size(); p++) {
        int end = matchAt(tokens, start, phrases.get(p));
        if (end > 0) {
          found.add(new Match(start, end, texts.get(p)));
        }
      }
    }
    return found;
  }

  /** Whether any phrase occurs in {@code text} (raw text). */
  public boolean occursIn(String text) {
    return !find(stemmedTokens(text)).isEmpty();
  }

  /** The end of the phrase when it starts at {@code start}, or -1. */
  private static int matchAt(List<String> tokens, int start, List<String> phrase) {
    int i = start;
    for (int w = 0; w < phrase.size(); w++) {
      String word = phrase.get(w);
      if (i < tokens.size() && Words.similar(tokens.get(i), word)) {
        i++;
      } else if (w > 0
          && i + 1 < tokens.size()
          && !Words.isPunctuation(tokens.get(i))
          && !NEVER_FILLER.contains(tokens.get(i))
          && Words.similar(tokens.get(i + 1), word)) {
        i += 2;
      } else {
        return -1;
      }
    }
    return i;
  }
}
