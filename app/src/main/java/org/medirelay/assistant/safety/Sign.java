package org.medirelay.assistant.safety;

import java.util.List;

/**
 * One way a presentation shows in a patient's words: terms that must all be said, such as
 * "{chest-pain} + {severe}".
 *
 * @param acrossMessages true for "together" signs, whose terms may be said in different messages of
 *     a conversation ("chest pain" now, "I'm getting breathless" two messages later); otherwise all
 *     terms are in one message, close together and not across "but"
 */
record Sign(List<Term> terms, boolean acrossMessages) {

  Sign {
    terms = List.copyOf(terms);
  }
}
