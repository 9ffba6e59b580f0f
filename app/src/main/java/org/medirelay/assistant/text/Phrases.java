package org.medirelay.assistant.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of phrases found in a patient's (tokenized, stemmed) words, tolerant of typos (see {@link
 * Words#similar}) and of filler words between phrase words (one unless told otherwise), so "pain in
 * my chest", "short of breath" and "so short of breth" are found by the phrases "pain in chest" and
 * "short of breath".
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
  private final int maxFillers;
  private final Set<String> realWords;

  /**
   * The phrases' indexes by their first word: a list written from word lists has thousands of
   * phrases but few first words, and each is compared with a patient's word once.
   */
  private final Map<String, List<Integer>> byFirstWord = new LinkedHashMap<>();

  private Phrases(Collection<String> texts, int maxFillers, Set<String> realWords) {
    this.texts = List.copyOf(texts);
    this.phrases = this.texts.stream().map(Phrases::stemmedTokens).toList();
    this.maxFillers = maxFillers;
    this.realWords = Set.copyOf(realWords);
    for (int p = 0; p < phrases.size(); p++) {
      byFirstWord.computeIfAbsent(phrases.get(p).get(0), w -> new ArrayList<>()).add(p);
    }
  }

  public static Phrases of(String... phrases) {
    return new Phrases(List.of(phrases), 1, Set.of());
  }

  /**
   * Phrases with up to {@code maxFillers} filler words between two phrase words, where a word in
   * {@code realWords} (stemmed) only ever matches itself: the patient's "strike" is not a slip for
   * "stroke", and the phrase word "worse" does not take the patient's "worst" for a slip.
   */
  public static Phrases of(Collection<String> phrases, int maxFillers, Set<String> realWords) {
    return new Phrases(phrases, maxFillers, realWords);
  }

  /**
   * Tokens as {@link #find} expects them: from {@link Words#tokens}, each {@link Words#stem
   * stemmed}.
   */
  public static List<String> stemmedTokens(String text) {
    return Words.tokens(text).stream().map(Words::stem).toList();
  }

  /**
   * Every occurrence of every phrase in {@code tokens} (stemmed tokens), by position, then in the
   * order the phrases were given.
   */
  public List<Match> find(List<String> tokens) {
    List<Match> found = new ArrayList<>();
    for (int start = 0; start < tokens.size(); start++) {
      List<Integer> here = new ArrayList<>();
      for (Map.Entry<String, List<Integer>> first : byFirstWord.entrySet()) {
        if (same(tokens.get(start), first.getKey())) {
          here.addAll(first.getValue());
        }
      }
      here.sort(null);
      for (int p : here) {
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

  /** The end of the phrase whose first word matched at {@code start}, or -1. */
  private int matchAt(List<String> tokens, int start, List<String> phrase) {
    int i = start + 1;
    for (int w = 1; w < phrase.size(); w++) {
      int at = next(tokens, i, phrase.get(w));
      if (at < 0) {
        return -1;
      }
      i = at + 1;
    }
    return i;
  }

  /** Where {@code word} is found from {@code from} on, past at most maxFillers fillers, or -1. */
  private int next(List<String> tokens, int from, String word) {
    for (int at = from; at < tokens.size() && at - from <= maxFillers; at++) {
      String token = tokens.get(at);
      if (same(token, word)) {
        return at;
      }
      if (Words.isPunctuation(token) || NEVER_FILLER.contains(token)) {
        return -1;
      }
    }
    return -1;
  }

  private boolean same(String token, String word) {
    if (realWords.contains(token) || realWords.contains(word)) {
      return token.equals(word);
    }
    return Words.similar(token, word);
  }
}
