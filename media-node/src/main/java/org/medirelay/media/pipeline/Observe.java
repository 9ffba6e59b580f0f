package org.medirelay.media.pipeline;

import java.util.function.Consumer;
import org.medirelay.media.packet.Packet;

/** A stage that looks at a packet (statistics, a cache) and always passes it on, unchanged. */
public abstract class Observe extends Stage.Link {

  protected Observe(String name) {
    super(name, null);
  }

  /** Reads {@code p}. Must not change, keep or release it. */
  protected abstract void observe(Packet p);

  @Override
  final void process(Packet p) {
    observe(p);
    pass(p);
  }

  /** An observer that hands each packet to {@code observer}. */
  public static Observe of(String name, Consumer<Packet> observer) {
    return new Observe(name) {
      @Override
      protected void observe(Packet p) {
        observer.accept(p);
      }
    };
  }
}
