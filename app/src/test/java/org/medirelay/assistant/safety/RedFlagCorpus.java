package org.medirelay.assistant.safety;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The red-flag test corpus, {@code assistant/red-flags-corpus.tsv}: patients' messages with the
 * presentation each must raise, and ordinary messages that must raise none.
 *
 * @param redFlags messages with the id of the presentation they must raise
 * @param ordinary messages that must raise nothing, with their kind ("ordinary/devices")
 */
public record RedFlagCorpus(List<Entry> redFlags, List<Entry> ordinary) {

  static final String RESOURCE = "assistant/red-flags-corpus.tsv";

  /** Flagged share the corpus must reach; every ordinary message must stay unflagged. */
  public static final double MIN_FLAGGED = 0.98;

  /** One line: what is expected (a presentation id, or "ordinary/…") and the message. */
  public record Entry(String expected, String message) {}

  public static RedFlagCorpus load() {
    try (InputStream in = RedFlagCorpus.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      List<Entry> redFlags = new ArrayList<>();
      List<Entry> ordinary = new ArrayList<>();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t");
        if (columns.length != 2) {
          throw new IllegalStateException(RESOURCE + ": not \"expected<TAB>message\": " + line);
        }
        Entry entry = new Entry(columns[0].strip(), columns[1].strip());
        (entry.expected().startsWith("ordinary") ? ordinary : redFlags).add(entry);
      }
      return new RedFlagCorpus(redFlags, ordinary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "153 of 155 (98.7 %)". */
  public static String share(int count, int of) {
    return String.format("%d of %d (%.1f %%)", count, of, 100.0 * count / of);
  }
}
