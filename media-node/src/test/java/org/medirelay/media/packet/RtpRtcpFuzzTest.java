package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzz tests (Jazzer) for the in-place RTP and RTCP readers (RFC 3550, RFC 8285) fed any datagram,
 * decrypted or not. Each packet is placed at the very end of its buffer, so a read past its length
 * fails instead of reading stale bytes. Inputs replayed in every build: {@code
 * src/test/resources/org/medirelay/media/packet/RtpRtcpFuzzTestInputs/<method>/}.
 */
class RtpRtcpFuzzTest {

  private static final int LARGEST = Packet.CAPACITY - Packet.HEADROOM;

  private final PacketPool pool = new PacketPool(2);

  /**
   * A valid RTP header fits the packet; every header extension element found lies inside the
   * header; blanking one changes only that element's bytes, and finds it no more.
   */
  @FuzzTest
  void readsRtpAndItsHeaderExtensionsWithinThePacket(byte[] bytes) {
    if (bytes.length > LARGEST) {
      return; // the socket never delivers more
    }
    Packet p = atTheEndOfItsBuffer(bytes);
    boolean valid = Rtp.isValid(p);
    if (valid) {
      assertThat(Rtp.headerLength(p)).isBetween(Rtp.FIXED_HEADER, bytes.length);
    }
    for (int id = 1; id <= 255; id++) {
      int data = RtpHeaderExtensions.find(p, id);
      if (data < 0) {
        continue;
      }
      assertThat(valid).as("an element only in a valid packet").isTrue();
      int length = RtpHeaderExtensions.lengthAt(p, data);
      assertThat(data).isGreaterThan(Rtp.FIXED_HEADER + 4);
      assertThat(data + length).isLessThanOrEqualTo(Rtp.headerLength(p));
      blankingChangesOnlyTheElement(bytes, id, data, length);
    }
    p.release();
  }

  private void blankingChangesOnlyTheElement(byte[] bytes, int id, int data, int length) {
    Packet p = atTheEndOfItsBuffer(bytes);
    int header = isOneByteForm(bytes) ? 1 : 2;
    RtpHeaderExtensions.clear(p, id);
    byte[] after = Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
    for (int i = 0; i < bytes.length; i++) {
      boolean inElement = i >= data - header && i < data + length;
      assertThat(after[i]).isEqualTo(inElement ? 0 : bytes[i]);
    }
    assertThat(RtpHeaderExtensions.find(p, id)).isNotEqualTo(data);
    p.release();
  }

  private static boolean isOneByteForm(byte[] bytes) {
    int at = Rtp.FIXED_HEADER + 4 * (bytes[0] & 0x0F);
    return (bytes[at] & 0xFF) == 0xBE && (bytes[at + 1] & 0xFF) == 0xDE;
  }

  /**
   * A compound RTCP packet is valid only when its packets, each at least a header and an SSRC,
   * cover its bytes exactly; the first header alone decides what SRTCP may decrypt.
   */
  @FuzzTest
  void walksCompoundRtcpWithinThePacket(byte[] bytes) {
    if (bytes.length > LARGEST) {
      return;
    }
    Packet p = atTheEndOfItsBuffer(bytes);
    boolean headerValid = Rtcp.isHeaderValid(p);
    if (Rtcp.isValidCompound(p)) {
      assertThat(headerValid).isTrue();
      int at = 0;
      while (at < bytes.length) {
        int length = Rtcp.packetLength(p, at);
        assertThat(length).isGreaterThanOrEqualTo(8);
        Rtcp.type(p, at);
        Rtcp.count(p, at);
        Rtcp.senderSsrc(p, at);
        at += length;
      }
      assertThat(at).isEqualTo(bytes.length);
    }
    p.release();
  }

  /**
   * RED (RFC 2198) unwrapped in place: refused (or padding alone) with the packet unchanged, or a
   * valid RTP packet of the input's header (payload type the primary block's, P cleared) and the
   * end of the input's payload before its padding, no longer than what came in.
   */
  @FuzzTest
  void unwrapsRedOnlyWithinThePacket(byte[] bytes) {
    if (bytes.length > LARGEST) {
      return;
    }
    Packet p = atTheEndOfItsBuffer(bytes);
    int header = Rtp.isValid(p) ? Rtp.headerLength(p) : 0;
    int type = RedPayload.unwrapPrimary(p);
    byte[] after = Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
    if (type == RedPayload.MALFORMED || type == RedPayload.PADDING_ONLY) {
      assertThat(after).isEqualTo(bytes);
    } else {
      assertThat(type).isBetween(0, 127);
      assertThat(Rtp.isValid(p)).isTrue();
      assertThat(after.length).isBetween(header, bytes.length - 1);
      assertThat(after[0]).isEqualTo((byte) (bytes[0] & ~0x20));
      assertThat(after[1]).isEqualTo((byte) ((bytes[1] & 0x80) | type));
      assertThat(Arrays.copyOfRange(after, 2, header))
          .isEqualTo(Arrays.copyOfRange(bytes, 2, header));
      int end = bytes.length - ((bytes[0] & 0x20) == 0 ? 0 : bytes[bytes.length - 1] & 0xFF);
      int primary = after.length - header;
      assertThat(Arrays.copyOfRange(after, header, after.length))
          .isEqualTo(Arrays.copyOfRange(bytes, end - primary, end));
    }
    p.release();
  }

  private Packet atTheEndOfItsBuffer(byte[] bytes) {
    Packet p = pool.take();
    System.arraycopy(bytes, 0, p.getBuffer(), Packet.CAPACITY - bytes.length, bytes.length);
    p.setOffsetLength(Packet.CAPACITY - bytes.length, bytes.length);
    return p;
  }
}
