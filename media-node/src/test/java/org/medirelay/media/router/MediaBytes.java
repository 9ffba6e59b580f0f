package org.medirelay.media.router;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;

/** RTP and RTCP packets as a browser sends them (decrypted), byte by byte. */
final class MediaBytes {

  private MediaBytes() {}

  /** RTP (RFC 3550 5.1): V=2, payload type 96, then {@code payloadBytes} bytes of {@code fill}. */
  static byte[] rtp(long ssrc, int seq, long timestamp, int payloadBytes, int fill) {
    ByteBuffer b = ByteBuffer.allocate(12 + payloadBytes);
    b.put((byte) 0x80).put((byte) 96).putShort((short) seq).putInt((int) timestamp);
    b.putInt((int) ssrc);
    while (b.hasRemaining()) {
      b.put((byte) fill);
    }
    return b.array();
  }

  /**
   * VP8 RTP as Chromium sends a simulcast layer: the rid (RFC 8852) in a one-byte header extension
   * with ID 10 unless {@code rid} is null, then a payload descriptor (RFC 7741) with a 15-bit
   * PictureID, TL0PICIDX and TID, then one whole frame: a keyframe of {@code width} × {@code
   * height}, or a delta frame when {@code width} is 0.
   */
  static byte[] vp8(
      long ssrc,
      int seq,
      long timestamp,
      String rid,
      int pictureId,
      int tl0,
      int width,
      int height) {
    int extension = rid == null ? 0 : 4 + 4 * ((rid.length() + 1 + 3) / 4);
    ByteBuffer b = ByteBuffer.allocate(12 + extension + 5 + 10 + 20);
    b.put((byte) (rid == null ? 0x80 : 0x90)).put((byte) 96).putShort((short) seq);
    b.putInt((int) timestamp).putInt((int) ssrc);
    if (rid != null) {
      b.putShort((short) 0xBEDE).putShort((short) ((extension - 4) / 4));
      b.put((byte) ((10 << 4) | (rid.length() - 1))).put(rid.getBytes(StandardCharsets.US_ASCII));
      b.position(12 + extension);
    }
    b.put((byte) 0x90).put((byte) 0xE0).putShort((short) (0x8000 | pictureId)).put((byte) tl0);
    b.put((byte) 0);
    if (width > 0) {
      b.put((byte) 0x10).put((byte) 0).put((byte) 0).put((byte) 0x9D).put((byte) 0x01);
      b.put((byte) 0x2A).put((byte) width).put((byte) (width >> 8)).put((byte) height);
      b.put((byte) (height >> 8));
    } else {
      b.put((byte) 0x11);
    }
    return Arrays.copyOf(b.array(), b.position() + 20);
  }

  /**
   * Opus in RED (RFC 2198) as Chromium sends it: payload type 63, the audio level (RFC 6464, ID 1)
   * in a one-byte header extension, one redundant block of the previous 20 ms frame ({@code
   * redundant}, timestamp offset 960), then the primary block ({@code primary}), both Opus (111).
   */
  static byte[] red(long ssrc, int seq, long timestamp, byte[] redundant, byte[] primary) {
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 5 + redundant.length + primary.length);
    b.put((byte) 0x90).put((byte) 63).putShort((short) seq).putInt((int) timestamp);
    b.putInt((int) ssrc).putShort((short) 0xBEDE).putShort((short) 1).putInt(0x10AA0000);
    b.put((byte) (0x80 | 111)).putShort((short) (960 << 2)).put((byte) redundant.length);
    b.put((byte) 111).put(redundant).put(primary);
    return b.array();
  }

  /** What a receiver without RED gets of {@link #red}: the header with PT 111, then the primary. */
  static byte[] opusOf(byte[] red, int primaryLength) {
    byte[] opus = new byte[20 + primaryLength];
    System.arraycopy(red, 0, opus, 0, 20);
    System.arraycopy(red, red.length - primaryLength, opus, 20, primaryLength);
    opus[1] = 111;
    return opus;
  }

  /** Generic NACK (RFC 4585 6.2.1): one FCI, lost {@code pid} and those {@code blp} marks. */
  static byte[] nack(long sender, long media, int pid, int blp) {
    return ByteBuffer.allocate(16)
        .put((byte) 0x81)
        .put((byte) 205)
        .putShort((short) 3)
        .putInt((int) sender)
        .putInt((int) media)
        .putShort((short) pid)
        .putShort((short) blp)
        .array();
  }

  /** Picture loss indication (RFC 4585 6.3.1). */
  static byte[] pli(long sender, long media) {
    return ByteBuffer.allocate(12)
        .put((byte) 0x81)
        .put((byte) 206)
        .putShort((short) 2)
        .putInt((int) sender)
        .putInt((int) media)
        .array();
  }

  /** A sender report (RFC 3550 6.4.1) with one report block. */
  static byte[] senderReport(long sender, long ntpSeconds, long ntpFraction, long rtpTimestamp) {
    ByteBuffer b = ByteBuffer.allocate(28 + 24);
    b.put((byte) 0x81).put((byte) 200).putShort((short) (52 / 4 - 1)).putInt((int) sender);
    b.putInt((int) ntpSeconds).putInt((int) ntpFraction).putInt((int) rtpTimestamp);
    b.putInt(100).putInt(100_000); // packet and octet counts
    b.putInt(0xCAFE).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0); // a block about itself
    return b.array();
  }

  static Packet packet(PacketPool pool, byte[] bytes, long receivedNanos) {
    Packet p = pool.take().fill(bytes, 0, bytes.length);
    p.setReceivedNanos(receivedNanos);
    return p;
  }

  static int sequence(byte[] rtp) {
    return ((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF);
  }

  static long timestamp(byte[] rtp) {
    return ByteBuffer.wrap(rtp, 4, 4).getInt() & 0xFFFFFFFFL;
  }

  /** The 15-bit PictureID of {@link #vp8} bytes whose extension block is {@code extension} long. */
  static int pictureId(byte[] rtp, int extension) {
    return ((rtp[12 + extension + 2] & 0x7F) << 8) | (rtp[12 + extension + 3] & 0xFF);
  }

  static int tl0PicIdx(byte[] rtp, int extension) {
    return rtp[12 + extension + 4] & 0xFF;
  }

  static long ssrc(byte[] rtp) {
    return ByteBuffer.wrap(rtp, 8, 4).getInt() & 0xFFFFFFFFL;
  }
}
