package org.medirelay.assistant.help;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The help texts shipped with the app under {@code assistant/help/}: Markdown files listed in
 * {@code topics.txt}, each a {@code # Topic} with {@code ## Question} passages. Clinics edit these
 * files to change what the assistant knows; nothing about MediRelay's use is hard-coded elsewhere.
 */
public final class HelpCorpus {

  static final String BASE = "assistant/help/";

  private HelpCorpus() {}

  /** Reads the corpus from the class path. */
  public static List<HelpPassage> load(ClassLoader loader) {
    List<HelpPassage> passages = new ArrayList<>();
    for (String line : read(loader, BASE + "topics.txt").split("\n")) {
      String file = line.strip();
      if (!file.isEmpty() && !file.startsWith("#")) {
        passages.addAll(parse(read(loader, BASE + file)));
      }
    }
    if (passages.isEmpty()) {
      throw new IllegalStateException("the assistant's help corpus (" + BASE + ") is empty");
    }
    return List.copyOf(passages);
  }

  /** Splits one Markdown file into its passages. */
  static List<HelpPassage> parse(String markdown) {
    List<HelpPassage> passages = new ArrayList<>();
    String topic = "";
    String question = null;
    StringBuilder answer = new StringBuilder();
    for (String raw : markdown.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("## ")) {
        add(passages, topic, question, answer);
        question = line.substring(3).strip();
        answer.setLength(0);
      } else if (line.startsWith("# ")) {
        add(passages, topic, question, answer);
        topic = line.substring(2).strip();
        question = null;
        answer.setLength(0);
      } else if (!line.isEmpty() && question != null) {
        answer.append(answer.length() == 0 ? "" : " ").append(line);
      }
    }
    add(passages, topic, question, answer);
    return passages;
  }

  private static void add(
      List<HelpPassage> passages, String topic, String question, StringBuilder answer) {
    if (question != null && answer.length() > 0) {
      passages.add(new HelpPassage(topic, question, answer.toString()));
    }
  }

  private static String read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing help resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
