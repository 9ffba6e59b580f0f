package org.medirelay.media.router;

import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.pipeline.Filter;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * One receiver's side of one {@link Producer}, as mediasoup's Consumer: which layer it is fed, how
 * its packets are rewritten, its NACK answers and its RTCP. Its send path:
 *
 * <pre>
 * forwarded copy → layer selection → retransmission budget (earns) → rewrite SSRC, sequence,
 *                                                                     timestamp → receiver's RTP out
 * NACK answer (the receiver's NackResponder, from the producer's cache) ──┘
 * </pre>
 *
 * and the receiver's transport encrypts and sends. Made when the receiver's browser accepts the
 * stream in an answer; the {@link Router} then feeds it.
 */
public final class Consumer {

  private final Producer producer;
  private final Endpoint subscriber;
  private final Layer layer;
  private final RtpRewriter rewriter;
  private final Stage path;
  private final PacketPool pool;

  public Consumer(Producer producer, Endpoint subscriber, PacketPool pool) {
    this.producer = producer;
    this.subscriber = subscriber;
    this.pool = pool;
    this.layer = producer.layers()[0];
    this.rewriter = new RtpRewriter(layer.ssrc());
    long selected = layer.ssrc();
    this.path =
        Stage.chain(
            Filter.of("layer selection", null, p -> Rtp.ssrc(p) == selected),
            Observe.of("retransmission budget", p -> subscriber.nacks().forwarded(p.getLength())),
            rewriter,
            subscriber.rtpOut());
  }

  public Producer producer() {
    return producer;
  }

  public Endpoint subscriber() {
    return subscriber;
  }

  /** The SSRC the receiver sees, which its RTCP feedback names. */
  public long ssrc() {
    return rewriter.ssrc();
  }

  /** A copy of the producer's packet, owned by this consumer from now on. */
  void forward(Packet p) {
    path.accept(p);
  }

  /** The receiver asked for a keyframe (PLI or FIR): the producer asks its publisher. */
  public void requestKeyframe() {
    producer.requestKeyframe();
  }

  /**
   * Answers the receiver's generic NACK at {@code at} ({@code length} bytes) in {@code nack}: the
   * receiver's {@link NackResponder} resends what the producer's cache still holds, through the
   * rewriting, so each packet carries the sequence number the receiver asked for.
   */
  public void answerNack(Packet nack, int at, int length) {
    PacketCache cache = layer.cache();
    if (cache != null && !producer.isClosed()) {
      subscriber.nacks().answer(nack, at, length, ssrc(), cache, rewriter);
    }
  }

  /**
   * Sends the receiver the sender info of the producer's SR at {@code at} in {@code compound},
   * without report blocks (they are about what the publisher receives, not this receiver).
   */
  void sendSenderReport(Packet compound, int at) {
    int length = RtcpTerminator.SR_WITHOUT_BLOCKS;
    Packet sr = pool.take().fill(compound.getBuffer(), compound.getOffset() + at, length);
    sr.putUint16(0, sr.uint16At(0) & 0xE0FF); // report count := 0
    sr.putUint16(2, length / 4 - 1);
    rewriter.rewriteSenderReport(sr);
    // For the receiver's round-trip time, from its report blocks about this SR.
    subscriber.nacks().senderReportSent(sr.uint32At(10), compound.receivedNanos());
    subscriber.rtcpOut().accept(sr);
  }
}
