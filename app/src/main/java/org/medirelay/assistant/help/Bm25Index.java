package org.medirelay.assistant.help;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medirelay.assistant.text.Words;

/**
 * Okapi BM25 over a handful of passages (k1 = 1.2, b = 0.75), with a coverage measure for
 * confidence: the share of the query's information (idf) that the best passage contains. BM25
 * scores alone are not comparable between queries, so "what is the capital of France" could still
 * "best match" something; coverage says how much of it was understood.
 */
final class Bm25Index {

  private static final double K1 = 1.2;
  private static final double B = 0.75;

  /** A scored document. */
  record Hit(int document, double score, double coverage) {}

  private final List<Map<String, Integer>> termCounts = new ArrayList<>();
  private final List<Integer> lengths = new ArrayList<>();
  private final Map<String, Integer> documentFrequency = new HashMap<>();
  private final double averageLength;

  Bm25Index(List<List<String>> documents) {
    for (List<String> terms : documents) {
      Map<String, Integer> counts = new HashMap<>();
      terms.forEach(t -> counts.merge(t, 1, Integer::sum));
      counts.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
      termCounts.add(counts);
      lengths.add(terms.size());
    }
    averageLength = lengths.stream().mapToInt(Integer::intValue).average().orElse(1);
  }

  /** Documents that contain a query term, best first. */
  List<Hit> ranked(List<String> query) {
    Set<String> terms = new LinkedHashSet<>();
    for (String term : query) {
      terms.add(known(term));
    }
    double totalIdf =
        terms.stream().mapToDouble(t -> idf(documentFrequency.getOrDefault(t, 0))).sum();
    List<Hit> hits = new ArrayList<>();
    for (int d = 0; d < termCounts.size(); d++) {
      double score = 0;
      double matchedIdf = 0;
      for (String term : terms) {
        int tf = termCounts.get(d).getOrDefault(term, 0);
        if (tf == 0) {
          continue;
        }
        double idf = idf(documentFrequency.get(term));
        matchedIdf += idf;
        score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths.get(d) / averageLength));
      }
      if (score > 0) {
        hits.add(new Hit(d, score, matchedIdf / totalIdf));
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits;
  }

  /**
   * The corpus's spelling of a term the patient may have mistyped ("camra"), or the term itself.
   */
  private String known(String term) {
    if (documentFrequency.containsKey(term)) {
      return term;
    }
    for (String candidate : documentFrequency.keySet()) {
      if (Words.similar(term, candidate)) {
        return candidate;
      }
    }
    return term;
  }

  private double idf(int df) {
    int n = termCounts.size();
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}
