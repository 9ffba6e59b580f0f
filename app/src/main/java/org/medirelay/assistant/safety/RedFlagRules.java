package org.medirelay.assistant.safety;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medirelay.assistant.text.Phrases;

/**
 * The red-flag rules, read from {@code assistant/red-flags/rules.txt} (format and sources in the
 * README.md beside it). The file is data a clinician can review line by line against the published
 * triage rules it cites; this class only reads it, and stops the app with the line number when a
 * line cannot be read, rather than run with a rule silently missing.
 */
public final class RedFlagRules {

  static final String RESOURCE = "assistant/red-flags/rules.txt";

  /** Filler words allowed between the words of a phrase: "pain going down my left arm". */
  private static final int MAX_FILLERS = 2;

  private final List<RedFlag> flags;
  private final Spelling spelling;

  private RedFlagRules(List<RedFlag> flags, Spelling spelling) {
    this.flags = List.copyOf(flags);
    this.spelling = spelling;
  }

  /** The rules shipped with the app. */
  public static RedFlagRules builtIn() {
    try (InputStream in = RedFlagRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the red-flag rules (" + RESOURCE + ") are missing");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The presentations, in the order of the file. */
  public List<RedFlag> flags() {
    return flags;
  }

  /** The presentation with this id. */
  public Optional<RedFlag> flag(String id) {
    return flags.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  Spelling spelling() {
    return spelling;
  }

  static RedFlagRules parse(String text) {
    return new Reader().read(text);
  }

  /** One pass over the file; presentations are built at the end, when every list is known. */
  private static final class Reader {
    private final WordLists lists = new WordLists();
    private final Spelling spelling = new Spelling();
    private final List<Draft> drafts = new ArrayList<>();
    private Draft current;

    RedFlagRules read(String text) {
      String[] lines = text.split("\n");
      for (int n = 0; n < lines.length; n++) {
        String line = lines[n].stripTrailing();
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          line(line);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(RESOURCE + " line " + (n + 1) + ": " + e.getMessage(), e);
        }
      }
      if (drafts.isEmpty()) {
        throw new IllegalStateException(RESOURCE + " has no presentation");
      }
      List<RedFlag> flags = new ArrayList<>();
      for (Draft draft : drafts) {
        try {
          flags.add(draft.build(lists, spelling));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(RESOURCE + " [" + draft.id + "]: " + e.getMessage(), e);
        }
      }
      return new RedFlagRules(flags, spelling);
    }

    private void line(String line) {
      if (line.startsWith("[") && line.endsWith("]")) {
        current = new Draft(line.substring(1, line.length() - 1).strip());
        drafts.add(current);
        return;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("expected \"key: value\", got: " + line);
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1);
      if (key.startsWith("list ")) {
        lists.add(key.substring(5).strip(), items(value));
      } else if (key.equals("spelling")) {
        for (String fix : items(value)) {
          String[] parts = fix.split(">");
          if (parts.length != 2) {
            throw new IllegalArgumentException("expected \"typed > meant\", got: " + fix);
          }
          spelling.fix(parts[0], parts[1]);
        }
      } else if (key.equals("real words")) {
        items(value).forEach(spelling::realWord);
      } else if (current == null) {
        throw new IllegalArgumentException("\"" + key + "\" outside a [presentation]");
      } else {
        current.set(key, value);
      }
    }
  }

  /** A presentation as read so far. */
  private static final class Draft {
    final String id;
    String label;
    final List<String> sources = new ArrayList<>();
    String reply;
    String firstStep = "";
    boolean pastCounts;
    final List<String> signs = new ArrayList<>();
    final List<String> together = new ArrayList<>();
    final List<String> lookAlikes = new ArrayList<>();

    Draft(String id) {
      this.id = id;
    }

    void set(String key, String value) {
      switch (key) {
        case "label" -> label = value.strip();
        case "source" -> {
          // An indented source line continues the one before.
          if (value.startsWith("  ") && !sources.isEmpty()) {
            int last = sources.size() - 1;
            sources.set(last, sources.get(last) + " " + value.strip());
          } else {
            sources.add(value.strip());
          }
        }
        case "reply" -> reply = value.strip();
        case "first step" -> firstStep = value.strip();
        case "past counts" -> pastCounts = value.strip().equals("yes");
        case "sign" -> signs.addAll(items(value));
        case "together" -> together.addAll(items(value));
        case "not" -> lookAlikes.addAll(items(value));
        default -> throw new IllegalArgumentException("unknown key \"" + key + "\"");
      }
    }

    RedFlag build(WordLists lists, Spelling spelling) {
      if (label == null || sources.isEmpty() || reply == null || signs.isEmpty()) {
        throw new IllegalArgumentException("needs a label, a source, a reply and a sign");
      }
      List<String> replies = items(reply);
      if (replies.isEmpty() || !List.of("emergency", "crisis").containsAll(replies)) {
        throw new IllegalArgumentException("reply is \"emergency\", \"crisis\" or both: " + reply);
      }
      List<Sign> built = new ArrayList<>();
      signs.forEach(s -> built.add(sign(s, false, lists, spelling)));
      together.forEach(s -> built.add(sign(s, true, lists, spelling)));
      List<String> alike = new ArrayList<>();
      lookAlikes.forEach(l -> alike.addAll(lists.expand(l)));
      return new RedFlag(
          id,
          label,
          sources,
          replies.contains("emergency"),
          replies.contains("crisis"),
          firstStep,
          pastCounts,
          built,
          Phrases.of(alike, MAX_FILLERS, spelling.realWords()));
    }

    private static Sign sign(String text, boolean together, WordLists lists, Spelling spelling) {
      List<Term> terms = new ArrayList<>();
      for (String term : text.split("\\+")) {
        String key = term.strip();
        List<String> phrases = lists.expand(key);
        if (phrases.stream().anyMatch(p -> Phrases.stemmedTokens(p).isEmpty())) {
          throw new IllegalArgumentException("a phrase without words in: " + key);
        }
        terms.add(new Term(key, Phrases.of(phrases, MAX_FILLERS, spelling.realWords())));
      }
      return new Sign(terms, together);
    }
  }

  /** The comma-separated items of a value, stripped, without empty ones. */
  private static List<String> items(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
