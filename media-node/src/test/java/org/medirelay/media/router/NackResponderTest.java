package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.pipeline.Consume;

/**
 * NACKs as bytes through one subscriber's responder, with the clock in the NACKs' arrival times:
 * each lost packet is resent at most once per round trip, and never beyond the byte budget.
 */
class NackResponderTest {

  private static final long SSRC = 0x1234_5678L;
  private static final int PACKET = 1000;
  private static final long MS = 1_000_000L;

  private final PacketPool pool = new PacketPool(256);
  private final MediaMetrics metrics = new MediaMetrics();
  private final PacketCache cache = new PacketCache(512);
  private final List<Packet> sent = new ArrayList<>();
  private final NackResponder responder = new NackResponder(pool, metrics);

  /** A consumer's send path from its rewriting on, ending in {@link #sent}. */
  private final RtpRewriter consumer =
      new RtpRewriter(SSRC, 90_000, false, Consume.of("sent", sent::add));

  @AfterEach
  void releaseSent() {
    sent.forEach(Packet::release);
  }

  /** Video packets {@code first..last} of {@link #PACKET} bytes, into the publisher's cache. */
  private void publish(int first, int last) {
    byte[] bytes = new byte[PACKET];
    for (int seq = first; seq <= last; seq++) {
      ByteBuffer.wrap(bytes).put((byte) 0x80).put((byte) 96).putShort((short) seq);
      ByteBuffer.wrap(bytes, 8, 4).putInt((int) SSRC);
      Packet p = pool.take().fill(bytes, 0, bytes.length);
      cache.store(p);
      p.release();
    }
  }

  /**
   * A generic NACK (RFC 4585 section 6.2.1) as it leaves SRTCP decryption, arriving at {@code
   * atNanos}.
   *
   * <pre>
   * |V=2|P| FMT=1 |   PT=205   |  length  |  sender SSRC  |  media SSRC  | PID | BLP | PID | BLP | …
   * </pre>
   */
  private Packet nack(long atNanos, int[] pids, int blp) {
    ByteBuffer b = ByteBuffer.allocate(12 + 4 * pids.length);
    b.put((byte) 0x81).put((byte) 205).putShort((short) (2 + pids.length));
    b.putInt(0x0bad_cafe).putInt((int) SSRC);
    for (int pid : pids) {
      b.putShort((short) pid).putShort((short) blp);
    }
    Packet p = pool.take().fill(b.array(), 0, b.capacity());
    p.setReceivedNanos(atNanos);
    return p;
  }

  private void answer(Packet nack) {
    responder.answer(nack, 0, nack.getLength(), SSRC, cache, consumer);
    nack.release();
  }

  private static int[] repeated(int pid, int times) {
    int[] pids = new int[times];
    Arrays.fill(pids, pid);
    return pids;
  }

  private List<Integer> sentSequenceNumbers() {
    return sent.stream().map(Rtp::sequenceNumber).toList();
  }

  @Test
  void oneNackNamingTheSamePacketsAgainAndAgainResendsEachOnce() {
    publish(0, 511);
    Packet flood = nack(1_000 * MS, repeated(100, 297), 0xFFFF);
    assertThat(flood.getLength())
        .as("1214 bytes once SRTCP adds its index and tag")
        .isEqualTo(1200);

    answer(flood);

    assertThat(sentSequenceNumbers()).containsExactlyElementsOf(range(100, 116));
    assertThat(metrics.resendRepeat.packets().count()).isEqualTo(297 * 17 - 17);
    assertThat(metrics.resendRepeat.bytes().count()).isEqualTo((297 * 17 - 17) * PACKET);
    assertThat(metrics.retransmittedBytes.count()).isEqualTo(17 * PACKET);
  }

  @Test
  void theSameNackWithinTheRoundTripTimeResendsNothingAndAfterItResendsAgain() {
    publish(0, 511);
    answer(nack(1_000 * MS, new int[] {100}, 0xFFFF));
    assertThat(sent).hasSize(17);

    answer(nack(1_000 * MS + RoundTripTime.DEFAULT_NANOS - 1, new int[] {100}, 0xFFFF));
    assertThat(sent).as("within the default RTT of 100 ms").hasSize(17);

    answer(nack(1_000 * MS + RoundTripTime.DEFAULT_NANOS, new int[] {100}, 0xFFFF));
    assertThat(sent).hasSize(34);
  }

  @Test
  void theRoundTripTimeComesFromTheSubscribersReportsOnForwardedSenderReports() {
    publish(0, 511);
    long srSent = 1_000 * MS;
    long ntpMiddle = 0xABCD_0123L;
    responder.senderReportSent(ntpMiddle, srSent);
    // The browser held the SR for 500 ms (DLSR in 1/65536 s) and the network took 300 ms.
    responder.reportBlock(ntpMiddle, 65536 / 2, srSent + 800 * MS);

    answer(nack(2_000 * MS, new int[] {7}, 0));
    answer(nack(2_299 * MS, new int[] {7}, 0));
    assertThat(sent).as("within the measured 300 ms").hasSize(1);
    answer(nack(2_300 * MS, new int[] {7}, 0));
    assertThat(sent).hasSize(2);

    // A report that would make the RTT negative is held to the floor: it cannot turn dedup off.
    responder.reportBlock(ntpMiddle, 65536 * 10, srSent + 800 * MS);
    answer(nack(2_300 * MS + RoundTripTime.MIN_NANOS - 1, new int[] {7}, 0));
    assertThat(sent).hasSize(2);
    // A report naming an SR never sent changes nothing.
    responder.reportBlock(0x1111L, 0, srSent + 800 * MS);
    answer(nack(2_300 * MS + RoundTripTime.MIN_NANOS, new int[] {7}, 0));
    assertThat(sent).hasSize(3);
  }

  @Test
  void aFloodOfNacksIsHeldToTheBurstPlusAQuarterOfWhatWasForwarded() {
    // Ten seconds of a 100-packet/s stream forwarded to the subscriber, which NACKs the whole cache
    // every 101 ms (just past the RTT, so nothing is refused as a repeat).
    int[] wholeCache = new int[32];
    for (int i = 0; i < wholeCache.length; i++) {
      wholeCache[i] = i * 17;
    }
    long forwarded = 0;
    int seq = 0;
    for (long now = 0; now < 10_000 * MS; now += 10 * MS) {
      publish(seq, seq);
      seq++;
      responder.forwarded(PACKET);
      forwarded += PACKET;
      if (now % (101 * MS) < 10 * MS) {
        answer(nack(now, shifted(wholeCache, seq - 512), 0xFFFF));
        sent.forEach(Packet::release);
        sent.clear();
      }
    }
    double resent = metrics.retransmittedBytes.count();
    double allowed = RetransmissionBudget.BURST_BYTES + RetransmissionBudget.SHARE * forwarded;
    // Held to the budget, and not much below it: what was earned after the last NACK is unused.
    assertThat(resent).isLessThanOrEqualTo(allowed).isGreaterThan(allowed - 5 * PACKET);
    assertThat(metrics.resendOverBudget.packets().count()).isGreaterThan(1000);
    assertThat(metrics.resendOverBudget.bytes().count())
        .isEqualTo(metrics.resendOverBudget.packets().count() * PACKET);
  }

  @Test
  void packetsNoLongerCachedAreCountedAndNotResent() {
    publish(0, 9);
    answer(nack(0, new int[] {5000}, 0x0001));
    assertThat(sent).isEmpty();
    assertThat(metrics.resendUncached.packets().count()).isEqualTo(2);
  }

  private static int[] shifted(int[] pids, int by) {
    int[] out = new int[pids.length];
    for (int i = 0; i < pids.length; i++) {
      out[i] = (pids[i] + by) & 0xFFFF;
    }
    return out;
  }

  private static List<Integer> range(int first, int last) {
    List<Integer> out = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      out.add(i);
    }
    return out;
  }
}
