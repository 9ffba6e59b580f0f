package org.medirelay.media.congestion;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.FakeClock;
import org.medirelay.media.pipeline.Stage;

/**
 * A node sending one receiver audio and video through a {@link DownlinkEstimate}'s numbering, a
 * link with a bottleneck (a token bucket's queue, as {@code tc tbf} keeps: a bucket of 20 ms of
 * traffic, at least 4 KiB, passes at once; then packets wait behind it, and those that would wait
 * longer than its latency are dropped), random loss and a propagation delay, and a receiver that
 * answers every 100 ms with transport-cc feedback in bytes. The send path starts with the
 * receiver's {@link ProbePadding} pacer, as the node's does. Time is a hand-moved clock, a
 * millisecond a step.
 */
public final class SimulatedDownlink {

  static final long PROPAGATION_NANOS = 25_000_000;
  private static final long QUEUE_LATENCY_NANOS = 300_000_000;
  private static final long FEEDBACK_INTERVAL_NANOS = 100_000_000;

  /** The receiver's clock is its own: it reads 7 s when the node's reads 0. */
  private static final long RECEIVER_OFFSET_MICROS = 7_000_000_000L;

  public final FakeClock clock = new FakeClock();
  public final MediaMetrics metrics = new MediaMetrics();
  public final DownlinkEstimate estimate = new DownlinkEstimate("receiver", clock, metrics);
  private final PacketPool pool = new PacketPool(64);

  public final ProbePadding padding =
      new ProbePadding(0x9999, RtpExtension.TRANSPORT_CC.id, pool, clock, () -> this.send);

  /** The receiver's send path, as the node's: probe padding, numbering, the link. */
  private final Stage send =
      Stage.chain(padding.pacer(), estimate.numbering(), Consume.of("link", this::enter));

  private final Random random = new Random(11);

  private long bottleneckBps;
  private double loss;
  private long linkFreeAt;
  private long sentPackets;
  private long droppedPackets;
  private long longestQueueNanos;
  private long paddingBytes;

  /** Receiver: arrival (node's nanos) of each packet that made it, by 16-bit number. */
  private final Map<Long, Long> arrivals = new HashMap<>();

  private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
  private long nextToReport;
  private long reportedUpTo;
  private long lastFeedback;
  private int feedbackCount;
  private final ArrayDeque<Object[]> feedbackInFlight = new ArrayDeque<>();

  /**
   * False: the audio carries no transport-cc element (as a Firefox publisher's, forwarded): it
   * takes its share of the link, and the feedback never mentions it.
   */
  public boolean audioNumbered = true;

  /**
   * The receiver's network thread stalls this long once every {@link #stallEveryNanos} (a browser
   * busy starting up, on a machine short of cores): what arrives meanwhile waits in its socket and
   * is stamped as the thread drains it afterwards, 20 µs apart. 0: it never stalls.
   */
  public long stallNanos;

  public long stallEveryNanos = 1_000_000_000L;

  private long drainedUntil;

  /** The estimate at the end of each second run, in bits per second. */
  public final List<Long> perSecond = new ArrayList<>();

  public SimulatedDownlink(long bottleneckBps, double loss) {
    link(bottleneckBps, loss);
  }

  /** Changes the link from now on. */
  public void link(long bottleneckBps, double loss) {
    this.bottleneckBps = bottleneckBps;
    this.loss = loss;
  }

  /**
   * Runs for {@code time}, the node sending audio (50 packets of 100 bytes a second) and video at
   * 25 frames a second at the rate {@code videoRate} gives for the estimate.
   */
  public void run(Duration time, LongUnaryOperator videoRate) {
    long steps = time.toMillis();
    for (long step = 0; step < steps; step++) {
      long now = clock.nanos();
      long ms = now / 1_000_000;
      if (ms % 20 == 0) {
        send(100);
      }
      if (ms % 40 == 0) {
        long frameBytes = videoRate.applyAsLong(estimate.bitsPerSecond()) / 8 / 25;
        for (long left = frameBytes; left > 0; left -= 1200) {
          send((int) Math.max(60, Math.min(1200, left)));
        }
      }
      receive(now);
      if (ms % 1000 == 999) {
        perSecond.add(estimate.bitsPerSecond());
      }
      clock.advance(Duration.ofMillis(1));
    }
  }

  private void send(int size) {
    byte[] rtp = TransportCcBytes.rtp(0, size);
    if (size == 100 && !audioNumbered) {
      rtp[16] = 0x21; // the element is another extension's (ID 2): nothing to number
    }
    send.accept(pool.take().fill(rtp, 0, size));
  }

  /** A packet the feedback does not see takes its time on the link (or is dropped at its queue). */
  private void occupy(long wire) {
    long now = clock.nanos();
    long finishes = Math.max(now, linkFreeAt) + wire * 8 * 1_000_000_000L / bottleneckBps;
    if (finishes - now <= QUEUE_LATENCY_NANOS) {
      linkFreeAt = finishes;
    }
  }

  /** The bottleneck's queue, then random loss; the packet is gone from the node either way. */
  private void enter(Packet p) {
    long wire = p.getLength() + TransportWideNumbering.WIRE_OVERHEAD;
    int element = RtpHeaderExtensions.find(p, RtpExtension.TRANSPORT_CC.id);
    if (element < 0) {
      p.release();
      occupy(wire);
      return;
    }
    int number = p.uint16At(element);
    long now = clock.nanos();
    boolean isPadding = Rtp.ssrc(p) == padding.ssrc();
    p.release();
    long unwrapped = sentPackets++;
    if ((unwrapped & 0xFFFF) != number) {
      throw new AssertionError("packet " + unwrapped + " was numbered " + number);
    }
    if (isPadding) {
      paddingBytes += wire;
    }
    // A bucket that was idle holds its burst: that much passes at once before the queue.
    long burstNanos = Math.max(4096, bottleneckBps / 8 / 50) * 8 * 1_000_000_000L / bottleneckBps;
    long finishes =
        Math.max(now - burstNanos, linkFreeAt) + wire * 8 * 1_000_000_000L / bottleneckBps;
    long departs = Math.max(now, finishes);
    longestQueueNanos = Math.max(longestQueueNanos, departs - now);
    if (departs - now > QUEUE_LATENCY_NANOS) {
      droppedPackets++;
      return;
    }
    linkFreeAt = finishes;
    if (random.nextDouble() < loss) {
      droppedPackets++;
      return;
    }
    inFlight.add(new long[] {unwrapped, departs + PROPAGATION_NANOS});
  }

  /** Packets reach the receiver; every 100 ms it sends feedback, which reaches the node later. */
  private void receive(long now) {
    while (!inFlight.isEmpty() && inFlight.peek()[1] <= now) {
      long[] arrived = inFlight.poll();
      arrivals.put(arrived[0], stamped(arrived[1]));
      reportedUpTo = Math.max(reportedUpTo, arrived[0] + 1);
    }
    if (now - lastFeedback >= FEEDBACK_INTERVAL_NANOS && reportedUpTo > nextToReport) {
      lastFeedback = now;
      long[] statuses = new long[(int) (reportedUpTo - nextToReport)];
      for (int i = 0; i < statuses.length; i++) {
        Long arrival = arrivals.remove(nextToReport + i);
        statuses[i] = arrival == null ? -1 : arrival / 1000 + RECEIVER_OFFSET_MICROS;
      }
      byte[] bytes =
          TransportCcBytes.feedback((int) (nextToReport & 0xFFFF), statuses, feedbackCount++);
      feedbackInFlight.add(new Object[] {now + PROPAGATION_NANOS, bytes});
      nextToReport += statuses.length;
    }
    while (!feedbackInFlight.isEmpty() && (long) feedbackInFlight.peek()[0] <= now) {
      byte[] bytes = (byte[]) feedbackInFlight.poll()[1];
      Packet p = pool.take().fill(bytes, 0, bytes.length);
      estimate.feedback(p, 0, bytes.length);
      p.release();
    }
  }

  /** When the receiver's thread reads a packet that reached its socket at {@code arrival}. */
  private long stamped(long arrival) {
    long intoPeriod = arrival % stallEveryNanos;
    long read = intoPeriod < stallNanos ? arrival - intoPeriod + stallNanos : arrival;
    drainedUntil = Math.max(read, drainedUntil + 20_000);
    return drainedUntil;
  }

  /** The longest a packet waited in the bottleneck's queue since the last call, in ms. */
  public long takeLongestQueueMs() {
    long longest = longestQueueNanos / 1_000_000;
    longestQueueNanos = 0;
    return longest;
  }

  /** Bytes of probe padding sent since the last call (on the wire). */
  public long takePaddingBytes() {
    long bytes = paddingBytes;
    paddingBytes = 0;
    return bytes;
  }

  /** Fraction of the packets sent that the link dropped (queue overflow and random loss). */
  public double lossSoFar() {
    return sentPackets == 0 ? 0 : (double) droppedPackets / sentPackets;
  }
}
