package org.medirelay.media.pipeline;

import io.micrometer.core.instrument.Counter;
import java.util.function.Predicate;
import org.medirelay.media.packet.Packet;

/** A stage that changes a packet in place and passes it on, or discards it when it cannot. */
public abstract class Transform extends Stage.Link {

  /**
   * @param reason the metric a packet that could not be transformed counts in; null when the
   *     stage's own count is enough
   */
  protected Transform(String name, Counter reason) {
    super(name, reason);
  }

  /** Changes {@code p} in place; false when it must be discarded. Must not keep or release it. */
  protected abstract boolean transform(Packet p);

  @Override
  final void process(Packet p) {
    passOrDiscard(p, transform(p));
  }

  /** A transform done by {@code transform}. */
  public static Transform of(String name, Counter reason, Predicate<Packet> transform) {
    return new Transform(name, reason) {
      @Override
      protected boolean transform(Packet p) {
        return transform.test(p);
      }
    };
  }
}
