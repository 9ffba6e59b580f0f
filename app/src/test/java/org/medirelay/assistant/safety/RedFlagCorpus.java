package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** A tally for one run over this corpus. */
  public Tally tally() {
    return new Tally(redFlags.size(), ordinary.size());
  }

  /**
   * What one run over the corpus found: the red flags it missed and the ordinary messages it
   * flagged.
   */
  public static final class Tally {
    private final int redFlags;
    private final int ordinary;
    private final List<String> missed = new ArrayList<>();
    private final List<String> falseAlarms = new ArrayList<>();

    Tally(int redFlags, int ordinary) {
      this.redFlags = redFlags;
      this.ordinary = ordinary;
    }

    public void missed(Entry entry, String what) {
      missed.add(entry.expected() + " <- \"" + entry.message() + "\"" + what);
    }

    public void falseAlarm(Entry entry, String what) {
      falseAlarms.add(entry.expected() + " \"" + entry.message() + "\"" + what);
    }

    /** Prints the figures under a heading, then each miss and false alarm. */
    public void print(String heading) {
      System.out.printf(
          "%s: %s flagged, ordinary messages flagged: %s%n",
          heading, share(redFlags - missed.size(), redFlags), share(falseAlarms.size(), ordinary));
      missed.forEach(m -> System.out.println("  missed: " + m));
      falseAlarms.forEach(f -> System.out.println("  false alarm: " + f));
    }

    /** At least {@link #MIN_FLAGGED} of the red flags flagged, and no ordinary message. */
    public void assertMeetsTheBar() {
      assertThat((double) (redFlags - missed.size()) / redFlags)
          .isGreaterThanOrEqualTo(MIN_FLAGGED);
      assertThat(falseAlarms).isEmpty();
    }
  }
}
