package org.medirelay.media.congestion;

import java.util.logging.Logger;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.packet.TransportCcWriter;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * Transport-wide congestion control feedback to one publisher, so its browser's own estimator
 * (Google Congestion Control in libwebrtc) sizes its uplink to the link it really has: every
 * decrypted RTP packet it sends that carries the {@link RtpExtension#TRANSPORT_CC} element has its
 * transport-wide sequence number and arrival time recorded ({@link ArrivalRecorder}), and at most
 * every {@link #INTERVAL_NANOS} while packets arrive, the packets since the last feedback are
 * reported in one or more transport-cc packets ({@link TransportCcWriter}) through its RTCP out.
 *
 * <p>Driven by arrivals, on the receive thread: no timer, no thread. A packet's own arrival time
 * (from the injected clock) says when the next feedback is due. A browser that did not negotiate
 * transport-cc sends no element, and gets no feedback. One sender per participant is shared by the
 * stages of all its layers' paths ({@link #arrivals}); its lock keeps them apart should they run on
 * different threads.
 */
public final class FeedbackSender {

  private static final Logger LOG = Logger.getLogger(FeedbackSender.class.getName());

  /** libwebrtc's receivers report every 50–250 ms; this keeps its estimate prompt. */
  static final long INTERVAL_NANOS = 50_000_000L;

  private final String participantId;
  private final long nodeSsrc;
  private final Stage rtcpOut;
  private final PacketPool pool;
  private final MediaMetrics metrics;
  private final ArrivalRecorder recorder = new ArrivalRecorder();
  private final TransportCcWriter writer = new TransportCcWriter();
  private boolean sentAny;
  private long lastFeedbackNanos;
  private int feedbackCount;
  private boolean jumpLogged;

  /**
   * @param nodeSsrc the sender SSRC of RTCP the node writes itself
   * @param rtcpOut the publisher's RTCP send path (SRTCP encrypt, socket); takes each feedback
   */
  public FeedbackSender(
      String participantId, long nodeSsrc, Stage rtcpOut, PacketPool pool, MediaMetrics metrics) {
    this.participantId = participantId;
    this.nodeSsrc = nodeSsrc;
    this.rtcpOut = rtcpOut;
    this.pool = pool;
    this.metrics = metrics;
  }

  /** A stage for one layer's path, after SRTP decryption, that records into this sender. */
  public Observe arrivals() {
    return Observe.of("transport-cc arrivals → feedback", this::onPacket);
  }

  private void onPacket(Packet p) {
    int element = RtpHeaderExtensions.find(p, RtpExtension.TRANSPORT_CC.id);
    if (element < 0) {
      return;
    }
    if (RtpHeaderExtensions.lengthAt(p, element) != 2) {
      metrics.transportCcMalformed.increment();
      return;
    }
    int sequence = p.uint16At(element);
    long now = p.receivedNanos();
    synchronized (this) {
      switch (recorder.record(sequence, now)) {
        case LATE -> metrics.transportCcLate.increment();
        case DUPLICATE -> metrics.transportCcDuplicate.increment();
        case RESTARTED -> jumped(sequence);
        case RECORDED -> {
          // the usual case
        }
      }
      if (recorder.hasUnreported() && (!sentAny || now - lastFeedbackNanos >= INTERVAL_NANOS)) {
        sendFeedback(Rtp.ssrc(p));
        sentAny = true;
        lastFeedbackNanos = now;
      }
    }
  }

  private void jumped(int sequence) {
    metrics.transportCcJump.increment();
    if (!jumpLogged) {
      jumpLogged = true;
      LOG.warning(
          () ->
              participantId
                  + ": transport-wide sequence number "
                  + sequence
                  + " is more than "
                  + ArrivalRecorder.WINDOW
                  + " ahead of the unreported ones; feedback restarts there"
                  + " (counted in medirelay_media_rtp_transport_cc_refused_total{reason=\"jump\"},"
                  + " logged once per participant)");
    }
  }

  /**
   * Reports every number from the first unreported to the highest, in as many packets as it takes;
   * each names {@code mediaSsrc}, one of the publisher's SSRCs, which libwebrtc requires.
   */
  private void sendFeedback(long mediaSsrc) {
    long first = recorder.firstUnreported();
    writer.begin((int) first);
    for (long number = first; number <= recorder.highest(); number++) {
      if (!add(number)) {
        flush(mediaSsrc);
        writer.begin((int) number);
        add(number); // always fits an empty packet
      }
    }
    flush(mediaSsrc);
    recorder.markReported();
  }

  private boolean add(long number) {
    long arrival = recorder.arrival(number);
    return arrival == ArrivalRecorder.NOT_RECEIVED ? writer.addLost() : writer.addReceived(arrival);
  }

  private void flush(long mediaSsrc) {
    if (!writer.hasReceived()) {
      return;
    }
    Packet feedback = pool.take();
    writer.write(feedback, nodeSsrc, mediaSsrc, feedbackCount++);
    metrics.transportCcFeedback.increment();
    rtcpOut.accept(feedback);
  }
}
