package org.medirelay.assistant.help;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medirelay.assistant.text.Words;

/**
 * The words of a help question or passage that carry its meaning: stop words dropped, endings
 * stripped ("joining", "joined" and "join" are one term) and patients' words mapped to the corpus's
 * ("webcam" to "camera").
 */
final class SearchTerms {

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with",
          "by", "from", "as", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did",
          "i", "me", "my", "you", "your", "we", "our", "it", "this", "that", "these", "those",
          "what", "how", "when", "where", "why", "who", "which", "can", "could", "should", "would",
          "will", "shall", "may", "might", "must", "have", "has", "had", "there", "here", "so",
          "not", "no", "yes", "please", "thanks", "thank", "hi", "hello", "hey", "about", "into",
          "up", "out", "any", "some", "all", "just", "get", "got", "want", "need", "know", "tell",
          "s", "t", "he", "she", "they", "them", "its", "also", "too", "very", "really", "than",
          "then", "now", "one", "use", "using");
  private static final Map<String, String> SYNONYMS =
      Map.ofEntries(
          Map.entry("webcam", "camera"),
          Map.entry("cam", "camera"),
          Map.entry("mic", "microphone"),
          Map.entry("mike", "microphone"),
          Map.entry("audio", "sound"),
          Map.entry("speaker", "sound"),
          Map.entry("volume", "sound"),
          Map.entry("rebook", "reschedul"),
          Map.entry("postpone", "reschedul"),
          Map.entry("url", "link"),
          Map.entry("login", "sign"),
          Map.entry("log", "sign"),
          Map.entry("signin", "sign"),
          Map.entry("mobile", "phone"),
          Map.entry("smartphone", "phone"),
          Map.entry("iphone", "phone"),
          Map.entry("android", "phone"),
          Map.entry("ipad", "tablet"),
          Map.entry("chrome", "browser"),
          Map.entry("firefox", "browser"),
          Map.entry("safari", "browser"),
          Map.entry("edge", "browser"),
          Map.entry("secure", "privat"),
          Map.entry("security", "privat"),
          Map.entry("confidential", "privat"),
          Map.entry("privacy", "privat"),
          Map.entry("internet", "connection"),
          Map.entry("network", "connection"),
          Map.entry("wifi", "connection"),
          Map.entry("lag", "choppy"),
          Map.entry("laggy", "choppy"),
          Map.entry("slow", "choppy"),
          Map.entry("frozen", "frozen"),
          Map.entry("freezing", "frozen"),
          Map.entry("freeze", "frozen"),
          Map.entry("freezes", "frozen"),
          Map.entry("interpreter", "interpreter"),
          Map.entry("translator", "interpreter"),
          Map.entry("relative", "family"),
          Map.entry("daughter", "family"),
          Map.entry("son", "family"),
          Map.entry("husband", "family"),
          Map.entry("wife", "family"),
          Map.entry("partner", "family"),
          Map.entry("mother", "family"),
          Map.entry("mum", "family"),
          Map.entry("mom", "family"),
          Map.entry("father", "family"),
          Map.entry("dad", "family"),
          Map.entry("carer", "family"),
          Map.entry("caregiver", "family"),
          Map.entry("doc", "doctor"),
          Map.entry("gp", "doctor"),
          Map.entry("physician", "doctor"),
          Map.entry("prepare", "prepar"),
          Map.entry("expect", "happen"));

  private SearchTerms() {}

  static List<String> of(String text) {
    List<String> terms = new ArrayList<>();
    for (String token : Words.tokens(text)) {
      if (Words.isPunctuation(token) || STOP_WORDS.contains(token)) {
        continue;
      }
      String mapped = SYNONYMS.get(token);
      terms.add(mapped != null ? mapped : stem(token));
    }
    return terms;
  }

  /** A light suffix stripper; good enough for matching a few hundred help words. */
  static String stem(String word) {
    String w = Words.stem(word);
    for (String suffix : List.of("ing", "ed", "ion", "e", "y")) {
      if (w.endsWith(suffix) && w.length() - suffix.length() >= 4) {
        return w.substring(0, w.length() - suffix.length());
      }
    }
    return w;
  }
}
