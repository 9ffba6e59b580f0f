package org.medirelay.media.pipeline;

import io.micrometer.core.instrument.Counter;
import java.util.function.Predicate;
import org.medirelay.media.packet.Packet;

/** A stage that passes a packet on unchanged, or discards it for one reason. */
public abstract class Filter extends Stage.Link {

  /**
   * @param reason the metric a discarded packet counts in; null when the stage's own count is
   *     enough
   */
  protected Filter(String name, Counter reason) {
    super(name, reason);
  }

  /** True to pass {@code p} on. Must not keep or release it. */
  protected abstract boolean test(Packet p);

  @Override
  final void process(Packet p) {
    passOrDiscard(p, test(p));
  }

  /** A filter whose test is {@code test}. */
  public static Filter of(String name, Counter reason, Predicate<Packet> test) {
    return new Filter(name, reason) {
      @Override
      protected boolean test(Packet p) {
        return test.test(p);
      }
    };
  }
}
