package org.medirelay.assistant.help;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers questions about using MediRelay from the help corpus, and says so honestly when it
 * cannot: an answer is given only when the best passage covers most of what the question is about
 * ({@link #MIN_COVERAGE}); otherwise the caller falls back to "I don't know, contact the clinic".
 */
public final class HelpSearch {

  /**
   * Share of the question's information the passage must contain; below it the question was not
   * understood.
   */
  static final double MIN_COVERAGE = 0.6;

  /** The question heading counts more than the paragraph: it is what the passage is about. */
  private static final int QUESTION_WEIGHT = 3;

  private final List<HelpPassage> passages;
  private final Bm25Index index;

  public HelpSearch(List<HelpPassage> passages) {
    this.passages = List.copyOf(passages);
    List<List<String>> documents = new ArrayList<>();
    for (HelpPassage passage : passages) {
      List<String> terms = new ArrayList<>();
      List<String> question = SearchTerms.of(passage.question());
      for (int i = 0; i < QUESTION_WEIGHT; i++) {
        terms.addAll(question);
      }
      terms.addAll(SearchTerms.of(passage.topic()));
      terms.addAll(SearchTerms.of(passage.answer()));
      documents.add(terms);
    }
    this.index = new Bm25Index(documents);
  }

  /** The passage that answers the question, when one does with confidence. */
  public Optional<HelpPassage> answer(String question) {
    List<Bm25Index.Hit> hits = index.ranked(SearchTerms.of(question));
    if (hits.isEmpty() || hits.get(0).coverage() < MIN_COVERAGE) {
      return Optional.empty();
    }
    return Optional.of(passages.get(hits.get(0).document()));
  }

  /**
   * Up to {@code limit} passages that share words with the question, best first: context for a
   * language model.
   */
  public List<HelpPassage> related(String question, int limit) {
    return index.ranked(SearchTerms.of(question)).stream()
        .limit(limit)
        .map(h -> passages.get(h.document()))
        .toList();
  }
}
