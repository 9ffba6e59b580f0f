package org.medirelay.assistant.safety;

import org.medirelay.assistant.text.Phrases;

/**
 * One part of a sign: a phrase, or a word list ("{chest-pain}"), as written in the rules.
 *
 * @param key the term as written; what a conversation remembers of it between messages
 * @param phrases the phrases that say it
 */
record Term(String key, Phrases phrases) {}
