package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzz tests (Jazzer) for the readers of what browsers put inside packets: transport-cc feedback
 * from a subscriber (any bytes an RTCP walk hands over as one RTPFB packet) and the VP8 payload
 * descriptor and keyframe header of a publisher's RTP, read and rewritten in place on the
 * forwarding path. Each packet sits at the very end of its buffer, so a read past its length fails
 * instead of reading stale bytes. Inputs replayed in every build: {@code
 * src/test/resources/org/medirelay/media/packet/MediaPayloadFuzzTestInputs/<method>/}.
 */
class MediaPayloadFuzzTest {

  private static final int LARGEST = Packet.CAPACITY - Packet.HEADROOM;

  /** One 2-byte signed receive delta's reach, in µs (250 µs ticks). */
  private static final long LARGEST_DELTA_MICROS = 250L * 32768;

  private final PacketPool pool = new PacketPool(2);

  /**
   * A feedback is either refused whole (the visitor hears nothing) or reported whole: the header
   * once and first, then exactly its status count of packets, consecutive from the base sequence
   * number, each arrival at most one 2-byte delta from the previous.
   */
  @FuzzTest
  void readsTransportCcFeedbackWhollyOrNotAtAll(byte[] bytes) {
    if (bytes.length > LARGEST) {
      return;
    }
    Packet p = atTheEndOfItsBuffer(bytes);
    Heard heard = new Heard();
    boolean read = TransportCcReader.read(p, 0, bytes.length, heard);
    if (!read) {
      assertThat(heard.headers).as("a refused feedback tells nothing").isZero();
      assertThat(heard.statuses).isZero();
    } else {
      assertThat(heard.headers).isEqualTo(1);
      assertThat(heard.statuses).isEqualTo(heard.statusCount).isPositive();
      assertThat(heard.outOfOrder).as("sequence numbers follow each other").isFalse();
      assertThat(heard.jump).as("a delta beyond 16 bits of ticks").isFalse();
    }
    p.release();
  }

  /**
   * On a valid RTP packet, every VP8 field found lies inside the payload, a keyframe's size fits
   * its 14 bits, and rewriting the PictureID changes only its bytes and reads back as written.
   */
  @FuzzTest
  void readsAndRewritesVp8DescriptorsWithinThePacket(byte[] bytes) {
    if (bytes.length > LARGEST) {
      return;
    }
    Packet p = atTheEndOfItsBuffer(bytes);
    if (!Rtp.isValid(p)) {
      p.release();
      return;
    }
    int descriptor = Vp8Payload.descriptor(p);
    assertThat(descriptor).isLessThan(bytes.length);
    int tl0 = Vp8Payload.tl0PicIdxAt(p);
    assertThat(tl0).isLessThan(bytes.length);
    assertThat(Vp8Payload.keyframeWidth(p)).isBetween(0, 0x3FFF);
    assertThat(Vp8Payload.keyframeHeight(p)).isBetween(0, 0x3FFF);
    if (Vp8Payload.keyframeWidth(p) > 0) {
      assertThat(Vp8Payload.isKeyframeStart(p)).isTrue();
    }
    int at = Vp8Payload.pictureIdAt(p);
    if (at >= 0) {
      assertThat(at).isGreaterThan(descriptor);
      int width = (bytes[at] & 0x80) != 0 ? 2 : 1;
      assertThat(at + width).isLessThanOrEqualTo(bytes.length);
      int next = Vp8Payload.pictureId(p, at) + 1;
      Vp8Payload.putPictureId(p, at, next);
      assertThat(Vp8Payload.pictureId(p, at)).isEqualTo(next & (width == 2 ? 0x7FFF : 0x7F));
      byte[] after =
          Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
      for (int i = 0; i < bytes.length; i++) {
        if (i < at || i >= at + width) {
          assertThat(after[i]).as("byte %d outside the PictureID", i).isEqualTo(bytes[i]);
        }
      }
    }
    p.release();
  }

  private Packet atTheEndOfItsBuffer(byte[] bytes) {
    Packet p = pool.take();
    System.arraycopy(bytes, 0, p.getBuffer(), Packet.CAPACITY - bytes.length, bytes.length);
    p.setOffsetLength(Packet.CAPACITY - bytes.length, bytes.length);
    return p;
  }

  /** What a feedback told, and whether it kept its own rules. */
  private static final class Heard implements TransportCcReader.Visitor {
    int headers;
    int statusCount;
    int statuses;
    int expected = -1;
    long lastMicros;
    boolean outOfOrder;
    boolean jump;

    @Override
    public void header(int baseSequence, int statusCount, int referenceTime, int feedbackCount) {
      headers++;
      this.statusCount = statusCount;
      expected = baseSequence;
      outOfOrder |= statuses > 0;
    }

    @Override
    public void received(int sequence, long sinceReferenceMicros) {
      status(sequence);
      jump |= Math.abs(sinceReferenceMicros - lastMicros) > LARGEST_DELTA_MICROS;
      lastMicros = sinceReferenceMicros;
    }

    @Override
    public void notReceived(int sequence) {
      status(sequence);
    }

    private void status(int sequence) {
      outOfOrder |= headers != 1 || sequence != expected;
      expected = (sequence + 1) & 0xFFFF;
      statuses++;
    }
  }
}
