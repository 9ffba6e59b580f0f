package org.medirelay.turn.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter with one label whose values are fixed up front, so every series is exposed (as 0)
 * before its first event and an increment looks up an existing adder without allocating.
 */
public final class LabelledCounter {

  private final String name;
  private final String help;
  private final String label;
  private final Map<String, LongAdder> series = new LinkedHashMap<>();

  LabelledCounter(String name, String help, String label, String... values) {
    this.name = name;
    this.help = help;
    this.label = label;
    for (String value : values) {
      series.put(value, new LongAdder());
    }
  }

  /** The series for {@code value}, one of those given at construction. */
  public LongAdder get(String value) {
    LongAdder adder = series.get(value);
    if (adder == null) {
      throw new IllegalArgumentException(name + " has no " + label + " " + value);
    }
    return adder;
  }

  /** The sum over all values. */
  public long sum() {
    return series.values().stream().mapToLong(LongAdder::sum).sum();
  }

  void expose(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    series.forEach(
        (value, adder) ->
            out.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(value)
                .append("\"} ")
                .append(adder.sum())
                .append('\n'));
  }
}
