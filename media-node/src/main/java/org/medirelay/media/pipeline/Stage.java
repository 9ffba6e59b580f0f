package org.medirelay.media.pipeline;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.LongAdder;
import org.medirelay.media.packet.Packet;

/**
 * One named step of a packet path. A path is declared as a list of stages ({@link #chain}), and a
 * {@link Demux} branches it, so the receive and send paths read as one tree (see {@link
 * #describe}).
 *
 * <p>Each stage is one kind, with one method to implement:
 *
 * <ul>
 *   <li>{@link Filter}: passes a packet on or discards it, unchanged;
 *   <li>{@link Transform}: changes a packet in place (decrypts, rewrites), or discards it when it
 *       cannot;
 *   <li>{@link Observe}: looks at a packet (statistics, a cache) and always passes it on;
 *   <li>{@link Consume}: takes a packet out of the path (hands it to another thread, sends it,
 *       copies it to others);
 *   <li>{@link Demux}: chooses the path a packet continues on.
 * </ul>
 *
 * <p>What every stage does lives here, once: counting the packets it is handed and those it
 * discards, and discarding itself, which gives the packet back to its pool and counts the reason's
 * metric. Ownership: {@link #accept} takes the packet; a stage passes it on, consumes it or
 * discards it, and touches it no more. Counting allocates nothing (striped adders), so stages sit
 * on the packet path.
 */
public abstract class Stage {

  private final String name;
  private final LongAdder packets = new LongAdder();
  private final LongAdder discarded = new LongAdder();

  Stage(String name) {
    this.name = name;
  }

  /** Takes ownership of {@code p}. */
  public final void accept(Packet p) {
    packets.increment();
    process(p);
  }

  abstract void process(Packet p);

  /** Gives {@code p} back to its pool, counted here and as {@code reason} (when not null). */
  protected final void discard(Packet p, Counter reason) {
    discarded.increment();
    if (reason != null) {
      reason.increment();
    }
    p.release();
  }

  public final String name() {
    return name;
  }

  /** Packets this stage was handed. */
  public final long packets() {
    return packets.sum();
  }

  /** Packets this stage discarded. */
  public final long discarded() {
    return discarded.sum();
  }

  /**
   * Links {@code first → rest[0] → rest[1] …} and returns {@code first}. Every stage but the last
   * must pass packets on (a {@link Filter}, {@link Transform} or {@link Observe}); the last may be
   * a stage that already belongs to another path (several paths may end in one socket).
   */
  public static Stage chain(Stage first, Stage... rest) {
    Stage at = first;
    for (Stage next : rest) {
      if (!(at instanceof Link link)) {
        throw new IllegalArgumentException(at.name + " ends a path: nothing may follow it");
      }
      link.linkTo(next);
      at = next;
    }
    return first;
  }

  /**
   * The path from this stage on, one stage a line with what it was handed and what it discarded,
   * branches indented under their demultiplexer: the pipeline as it is wired, for tests and logs.
   */
  public final String describe() {
    StringBuilder out = new StringBuilder();
    describe(out, "");
    return out.toString();
  }

  void describe(StringBuilder out, String indent) {
    out.append(indent).append(name);
    out.append(" [").append(packets()).append(" in, ").append(discarded()).append(" discarded]\n");
  }

  /** A stage that passes packets on to the next one, or discards them for one reason. */
  abstract static class Link extends Stage {

    private final Counter reason;
    private Stage next;

    Link(String name, Counter reason) {
      super(name);
      this.reason = reason;
    }

    final void linkTo(Stage stage) {
      if (next != null) {
        throw new IllegalStateException(name() + " is already followed by " + next.name());
      }
      next = stage;
    }

    final void pass(Packet p) {
      next.accept(p);
    }

    /** Passes {@code p} on when {@code keep}, else discards it for this stage's reason. */
    final void passOrDiscard(Packet p, boolean keep) {
      if (keep) {
        next.accept(p);
      } else {
        discard(p, reason);
      }
    }

    @Override
    void describe(StringBuilder out, String indent) {
      super.describe(out, indent);
      if (next != null) {
        next.describe(out, indent);
      }
    }
  }
}
