package org.medirelay.media.transport;

import java.io.IOException;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.NanoClock;

/**
 * The last stage of every send path: the datagram leaves through the selected ICE pair's socket. It
 * counts what leaves, and times forwarded RTP from its arrival on the media port (one sequence
 * number in 16, see {@link MediaMetrics#samplesLatency}); packets the node made itself carry no
 * arrival time and are not timed.
 */
final class SocketSend extends Consume {

  private final IceTransport ice;
  private final MediaMetrics metrics;
  private final NanoClock clock;

  SocketSend(IceTransport ice, MediaMetrics metrics, NanoClock clock) {
    super("socket");
    this.ice = ice;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  protected void consume(Packet p) {
    long received = p.receivedNanos();
    // Read before sending: the header is in the clear, and the packet is released after.
    boolean timed = received != 0 && MediaMetrics.samplesLatency(Rtp.sequenceNumber(p));
    try {
      ice.send(p.getBuffer(), p.getOffset(), p.getLength());
      metrics.packetsOut.increment();
      metrics.bytesOut.increment(p.getLength());
      p.release();
    } catch (IOException e) {
      discard(p, metrics.sendFailures);
    } catch (RuntimeException e) {
      p.release();
      throw e;
    }
    if (timed) {
      metrics.forwarded(received, clock.nanos());
    }
  }
}
