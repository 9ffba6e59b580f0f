package org.medirelay.assistant.help;

/**
 * One answer of the help corpus: a question heading and its paragraph, under a topic.
 *
 * @param topic the file's title, e.g. "Camera and microphone"
 * @param question the passage heading, phrased as patients ask
 * @param answer the paragraph that answers it
 */
public record HelpPassage(String topic, String question, String answer) {}
