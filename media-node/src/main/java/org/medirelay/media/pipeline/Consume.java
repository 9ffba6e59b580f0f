package org.medirelay.media.pipeline;

import java.util.function.Consumer;
import org.medirelay.media.packet.Packet;

/**
 * The end of a path: a stage that takes a packet out of it, to another thread, onto the wire, or
 * into copies for others. It owns the packet and must release it or hand it on.
 */
public abstract class Consume extends Stage {

  protected Consume(String name) {
    super(name);
  }

  /** Takes ownership of {@code p}. */
  protected abstract void consume(Packet p);

  @Override
  final void process(Packet p) {
    consume(p);
  }

  /** A consumer that hands each packet, and its ownership, to {@code consumer}. */
  public static Consume of(String name, Consumer<Packet> consumer) {
    return new Consume(name) {
      @Override
      protected void consume(Packet p) {
        consumer.accept(p);
      }
    };
  }
}
