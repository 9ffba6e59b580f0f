package org.medirelay.media.packet;

/**
 * Reads one transport-wide congestion control feedback (RTCP RTPFB, FMT 15;
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1) into a {@link Visitor}, in place
 * and without allocating. The whole packet is checked first; a visitor hears only of a packet that
 * is valid from its header to its last receive delta, so a malformed one changes nothing.
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |  … as many as the count needs
 * |  recv delta   |  recv delta   |      recv delta (2 bytes)     |  … one per received packet
 *
 * chunk, run length:    |0|S S|      run length (13)       |  S for every packet of the run
 * chunk, 1-bit vector:  |1|0| 14 symbols: 0 not received, 1 received (small delta)            |
 * chunk, 2-bit vector:  |1|1| 7 symbols S S                                                   |
 * S: 00 not received, 01 received with a 1-byte delta (0 to 63.75 ms), 10 received with a
 *    2-byte signed delta, 11 reserved (invalid)
 * </pre>
 *
 * Reference time is a 24-bit count of 64 ms; deltas count 250 µs, the first from the reference
 * time, each next from the previous received packet.
 */
public final class TransportCcReader {

  /** RTPFB format 15: transport-wide congestion control feedback. */
  public static final int FMT = 15;

  /** Common feedback header (12) plus base, count, reference time and feedback count (8). */
  private static final int FIRST_CHUNK = 20;

  private static final int NOT_RECEIVED = 0;
  private static final int SMALL_DELTA = 1;
  private static final int LARGE_DELTA = 2;
  private static final long TICK_MICROS = 250;

  /** What a feedback says, in order: its header, then each packet's status by sequence number. */
  public interface Visitor {

    /**
     * @param referenceTime 24-bit count of 64 ms in the receiver's clock (wraps)
     * @param feedbackCount 8-bit count of the feedbacks the receiver sent (wraps)
     */
    void header(int baseSequence, int statusCount, int referenceTime, int feedbackCount);

    /**
     * Packet {@code sequence} arrived {@code sinceReferenceMicros} after the reference time.
     * Sequence numbers are 16-bit and wrap.
     */
    void received(int sequence, long sinceReferenceMicros);

    void notReceived(int sequence);
  }

  private TransportCcReader() {}

  /**
   * Reads the feedback at {@code at} ({@code length} bytes, a whole RTCP packet of type RTPFB and
   * format {@link #FMT}) into {@code visitor}.
   *
   * @return false, telling the visitor nothing, when the packet is malformed: the status count is
   *     zero or needs more chunks than the packet holds, a symbol is reserved, a run is empty, or
   *     the deltas run past the end
   */
  public static boolean read(Packet p, int at, int length, Visitor visitor) {
    int end = at + length;
    if (length < FIRST_CHUNK + 2 || end > p.getLength()) {
      return false;
    }
    int count = p.uint16At(at + 14);
    int deltas = deltasStart(p, at + FIRST_CHUNK, end, count);
    if (deltas < 0 || deltas + deltaBytes(p, at + FIRST_CHUNK, count) > end) {
      return false;
    }
    int base = p.uint16At(at + 12);
    visitor.header(base, count, (int) (p.uint32At(at + 16) >>> 8), p.byteAt(at + 19));
    report(p, at + FIRST_CHUNK, deltas, base, count, visitor);
    return true;
  }

  /**
   * Where the deltas start, after the chunks that hold {@code count} statuses; -1 when the chunks
   * do not fit before {@code end} or one is invalid.
   */
  private static int deltasStart(Packet p, int chunk, int end, int count) {
    if (count == 0) {
      return -1;
    }
    int left = count;
    while (left > 0) {
      if (chunk + 2 > end) {
        return -1;
      }
      int word = p.uint16At(chunk);
      if ((word & 0x8000) == 0) {
        if ((word & 0x1FFF) == 0 || (word >>> 13) == 3) {
          return -1;
        }
        left -= word & 0x1FFF;
      } else {
        for (int i = 0; i < Math.min(symbols(word), left); i++) {
          if (symbol(word, i) == 3) {
            return -1;
          }
        }
        left -= symbols(word);
      }
      chunk += 2;
    }
    return chunk;
  }

  /** Bytes of deltas the {@code count} statuses from {@code chunk} on need (chunks checked). */
  private static int deltaBytes(Packet p, int chunk, int count) {
    int bytes = 0;
    for (int seen = 0; seen < count; chunk += 2) {
      int word = p.uint16At(chunk);
      int n = Math.min(count - seen, runOrSymbols(word));
      if ((word & 0x8000) == 0) {
        bytes += n * deltaSize(word >>> 13);
      } else {
        for (int i = 0; i < n; i++) {
          bytes += deltaSize(symbol(word, i));
        }
      }
      seen += n;
    }
    return bytes;
  }

  private static void report(Packet p, int chunk, int delta, int base, int count, Visitor v) {
    long micros = 0;
    int sequence = base;
    for (int seen = 0; seen < count; chunk += 2) {
      int word = p.uint16At(chunk);
      int n = Math.min(count - seen, runOrSymbols(word));
      for (int i = 0; i < n; i++) {
        int status = statusOf(word, i);
        if (status == NOT_RECEIVED) {
          v.notReceived(sequence);
        } else {
          micros +=
              TICK_MICROS * (status == SMALL_DELTA ? p.byteAt(delta) : (short) p.uint16At(delta));
          delta += deltaSize(status);
          v.received(sequence, micros);
        }
        sequence = (sequence + 1) & 0xFFFF;
      }
      seen += n;
    }
  }

  /** Statuses a chunk describes: its run length, or its vector's symbols. */
  private static int runOrSymbols(int word) {
    return (word & 0x8000) == 0 ? word & 0x1FFF : symbols(word);
  }

  /** The status of the chunk's {@code i}-th packet. */
  private static int statusOf(int word, int i) {
    return (word & 0x8000) == 0 ? word >>> 13 : symbol(word, i);
  }

  private static int symbols(int word) {
    return (word & 0x4000) == 0 ? 14 : 7;
  }

  private static int symbol(int word, int i) {
    return (word & 0x4000) == 0 ? (word >>> (13 - i)) & 1 : (word >>> (12 - 2 * i)) & 3;
  }

  private static int deltaSize(int status) {
    return switch (status) {
      case SMALL_DELTA -> 1;
      case LARGE_DELTA -> 2;
      default -> 0;
    };
  }
}
