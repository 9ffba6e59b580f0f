package org.medirelay.media.congestion;

import java.io.ByteArrayOutputStream;

/**
 * Transport-cc feedback as a receiver writes it (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * section 3.1), for tests: two-bit status vectors, one-byte deltas where they fit, two-byte ones
 * elsewhere.
 */
public final class TransportCcBytes {

  private TransportCcBytes() {}

  /**
   * @param arrivalMicros for each packet from {@code base} on, when it arrived in the receiver's
   *     clock, or -1 when it did not
   */
  public static byte[] feedback(int base, long[] arrivalMicros, int feedbackCount) {
    long firstArrival = -1;
    for (long arrival : arrivalMicros) {
      if (arrival >= 0) {
        firstArrival = arrival;
        break;
      }
    }
    long reference = firstArrival < 0 ? 0 : firstArrival / 64_000;
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    ByteArrayOutputStream deltas = new ByteArrayOutputStream();
    long lastTicks = reference * 256;
    int word = 0xC000;
    for (int i = 0; i < arrivalMicros.length; i++) {
      int symbol = 0;
      if (arrivalMicros[i] >= 0) {
        long ticks = arrivalMicros[i] / 250;
        long delta = ticks - lastTicks;
        lastTicks = ticks;
        if (delta >= 0 && delta <= 255) {
          symbol = 1;
          deltas.write((int) delta);
        } else {
          symbol = 2;
          deltas.write((int) (delta >> 8));
          deltas.write((int) delta);
        }
      }
      word |= symbol << (12 - 2 * (i % 7));
      if (i % 7 == 6 || i == arrivalMicros.length - 1) {
        chunks.write(word >> 8);
        chunks.write(word);
        word = 0xC000;
      }
    }
    int body = 20 + chunks.size() + deltas.size();
    int length = (body + 3) / 4 * 4;
    byte[] out = new byte[length];
    out[0] = (byte) 0x8F;
    out[1] = (byte) 205;
    out[2] = (byte) ((length / 4 - 1) >> 8);
    out[3] = (byte) (length / 4 - 1);
    out[7] = 0x0A; // sender SSRC
    out[11] = 0x0B; // media SSRC
    out[12] = (byte) (base >> 8);
    out[13] = (byte) base;
    out[14] = (byte) (arrivalMicros.length >> 8);
    out[15] = (byte) arrivalMicros.length;
    out[16] = (byte) (reference >> 16);
    out[17] = (byte) (reference >> 8);
    out[18] = (byte) reference;
    out[19] = (byte) feedbackCount;
    System.arraycopy(chunks.toByteArray(), 0, out, 20, chunks.size());
    System.arraycopy(deltas.toByteArray(), 0, out, 20 + chunks.size(), deltas.size());
    return out;
  }

  /**
   * An RTP packet of {@code size} bytes carrying the transport-wide sequence number element (ID 3)
   * with {@code sequence}.
   */
  public static byte[] rtp(int sequence, int size) {
    byte[] out = new byte[size];
    out[0] = (byte) 0x90; // V=2, X=1
    out[1] = 96;
    out[11] = 0x01; // SSRC 1
    out[12] = (byte) 0xBE;
    out[13] = (byte) 0xDE;
    out[15] = 1; // one word of elements
    out[16] = 0x31; // ID 3, 2 bytes
    out[17] = (byte) (sequence >> 8);
    out[18] = (byte) sequence;
    return out;
  }
}
