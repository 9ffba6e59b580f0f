package org.medirelay.media.packet;

/**
 * Writes transport-wide congestion control feedback (RTPFB, FMT 15;
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1): which of a run of transport-wide
 * sequence numbers arrived, and when, so the sender's estimator sees the link's delay and loss.
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P| FMT=15  |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |            reference time (24 bits, 64 ms)    | fb pkt. count |
 * |  packet chunk (16 bits)  |  packet chunk  | …                 |
 * | recv delta (8 or 16 bits) | … | zero padding, last byte its length (P set) |
 * </pre>
 *
 * A chunk is a run (bit 15 = 0: 2-bit symbol, 13-bit length) or a vector (bit 15 = 1: 14 one-bit or
 * 7 two-bit symbols, first symbol in the highest bits). Symbols: 0 not received, 1 received with a
 * small delta (one byte, 0–63.75 ms), 2 received with a large or negative delta (two bytes,
 * signed). Deltas count 250 µs ticks from the reference time (first received packet) or from the
 * previous received packet; they follow the chunks, one per received packet.
 *
 * <p>Use: {@link #begin}, then {@link #addReceived} or {@link #addLost} for each sequence number in
 * order, then {@link #write}. An add that returns false added nothing: the packet is full, or the
 * delta does not fit in 16 bits; write this one and begin the next at that sequence number. One
 * writer is reused for every feedback: it holds fixed arrays and allocates nothing.
 */
public final class TransportCcWriter {

  public static final int FMT_TRANSPORT_CC = 15;

  /**
   * Largest feedback packet: with SRTCP's index and tag and IP/UDP headers it stays well under the
   * 1280-byte MTU every path carries.
   */
  public static final int MAX_LENGTH = 1200;

  /** Receive deltas count ticks of 250 µs; the reference time counts 256 ticks (64 ms). */
  static final long TICK_NANOS = 250_000;

  private static final int TICKS_PER_REFERENCE = 256;
  private static final int HEADER = 20;
  private static final int NOT_RECEIVED = 0;
  private static final int SMALL = 1;
  private static final int LARGE = 2;
  private static final int MAX_RUN = 0x1FFF;
  private static final int MAX_STATUS_COUNT = 0xFFFF;
  private static final int ONE_BIT_SYMBOLS = 14;
  private static final int TWO_BIT_SYMBOLS = 7;

  private final char[] chunks = new char[MAX_LENGTH / 2];
  private final short[] deltas = new short[MAX_LENGTH];
  private int chunkCount;
  private int deltaCount;
  private int deltaBytes;
  private int baseSequence;
  private int statusCount;
  private long referenceTime;
  private long lastTicks;

  /**
   * The symbols not yet in a chunk: the first 14 are kept; beyond that they are all the same (a
   * run), so only their count grows.
   */
  private final byte[] pending = new byte[ONE_BIT_SYMBOLS];

  private int pendingCount;
  private boolean pendingAllSame;
  private boolean pendingHasLarge;

  /** Starts a feedback packet whose first status is about {@code baseSequence}. */
  public void begin(int baseSequence) {
    this.baseSequence = baseSequence & 0xFFFF;
    statusCount = 0;
    chunkCount = 0;
    deltaCount = 0;
    deltaBytes = 0;
    pendingCount = 0;
  }

  /** The next sequence number arrived at {@code arrivalNanos}; false if it does not fit. */
  public boolean addReceived(long arrivalNanos) {
    long ticks = Math.floorDiv(arrivalNanos, TICK_NANOS);
    long reference = deltaCount == 0 ? Math.floorDiv(ticks, TICKS_PER_REFERENCE) : referenceTime;
    long delta = deltaCount == 0 ? ticks - reference * TICKS_PER_REFERENCE : ticks - lastTicks;
    if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
      return false;
    }
    boolean small = delta >= 0 && delta <= 0xFF;
    if (!add(small ? SMALL : LARGE, small ? 1 : 2)) {
      return false;
    }
    referenceTime = reference;
    lastTicks = ticks;
    deltas[deltaCount++] = (short) delta;
    deltaBytes += small ? 1 : 2;
    return true;
  }

  /** The next sequence number did not arrive; false if the packet is full. */
  public boolean addLost() {
    return add(NOT_RECEIVED, 0);
  }

  /** Sequence numbers added since {@link #begin}. */
  public int statusCount() {
    return statusCount;
  }

  /** Whether any added packet arrived (a feedback about none tells nothing, and is not sent). */
  public boolean hasReceived() {
    return deltaCount > 0;
  }

  /**
   * Writes the feedback into the empty packet {@code p}.
   *
   * @param feedbackCount this feedback's number, counting every one sent to this sender (8 bits)
   */
  public void write(Packet p, long senderSsrc, long mediaSsrc, int feedbackCount) {
    int unpadded = unpaddedLength();
    int length = (unpadded + 3) & ~3;
    int padding = length - unpadded;
    p.setOffsetLength(Packet.HEADROOM, length);
    p.putUint16(0, 0x8000 | (padding > 0 ? 0x2000 : 0) | (FMT_TRANSPORT_CC << 8) | Rtcp.RTPFB);
    p.putUint16(2, length / 4 - 1);
    p.putUint32(4, senderSsrc);
    p.putUint32(8, mediaSsrc);
    p.putUint16(12, baseSequence);
    p.putUint16(14, statusCount);
    p.putUint32(16, ((referenceTime & 0xFFFFFF) << 8) | (feedbackCount & 0xFF));
    int at = HEADER;
    for (int i = 0; i < chunkCount; i++, at += 2) {
      p.putUint16(at, chunks[i]);
    }
    if (pendingCount > 0) {
      p.putUint16(at, lastChunk());
      at += 2;
    }
    for (int i = 0; i < deltaCount; i++) {
      short delta = deltas[i];
      if (delta >= 0 && delta <= 0xFF) {
        putByte(p, at++, delta);
      } else {
        p.putUint16(at, delta & 0xFFFF);
        at += 2;
      }
    }
    for (int i = 1; i < padding; i++) {
      putByte(p, at++, 0);
    }
    if (padding > 0) {
      putByte(p, at, padding);
    }
  }

  private static void putByte(Packet p, int index, int value) {
    p.getBuffer()[p.getOffset() + index] = (byte) value;
  }

  private int unpaddedLength() {
    return HEADER + 2 * (chunkCount + (pendingCount > 0 ? 1 : 0)) + deltaBytes;
  }

  /** Adds one status symbol, closing chunks that cannot take it; false when the packet is full. */
  private boolean add(int symbol, int deltaSize) {
    // Adding a symbol adds at most one chunk; three bytes are kept for the padding.
    if (statusCount == MAX_STATUS_COUNT || unpaddedLength() + 2 + deltaSize > MAX_LENGTH - 3) {
      return false;
    }
    while (!pendingTakes(symbol)) {
      closeChunk();
    }
    if (pendingCount < ONE_BIT_SYMBOLS) {
      pending[pendingCount] = (byte) symbol;
    }
    pendingAllSame = pendingCount == 0 || (pendingAllSame && symbol == pending[0]);
    pendingHasLarge = (pendingCount > 0 && pendingHasLarge) || symbol == LARGE;
    pendingCount++;
    statusCount++;
    return true;
  }

  /**
   * Whether the pending symbols plus {@code symbol} still fit one chunk: any 7 fit a two-bit
   * vector, 14 without a large delta a one-bit vector, and any number of equal ones a run.
   */
  private boolean pendingTakes(int symbol) {
    if (pendingCount < TWO_BIT_SYMBOLS) {
      return true;
    }
    if (pendingCount < ONE_BIT_SYMBOLS && !pendingHasLarge && symbol != LARGE) {
      return true;
    }
    return pendingAllSame && symbol == pending[0] && pendingCount < MAX_RUN;
  }

  /** Turns the pending symbols, or their first 7, into a chunk. */
  private void closeChunk() {
    if (pendingAllSame) {
      chunks[chunkCount++] = runChunk(pending[0], pendingCount);
      pendingCount = 0;
    } else if (!pendingHasLarge && pendingCount == ONE_BIT_SYMBOLS) {
      chunks[chunkCount++] = vectorChunk(ONE_BIT_SYMBOLS);
      pendingCount = 0;
    } else {
      chunks[chunkCount++] = vectorChunk(TWO_BIT_SYMBOLS);
      int left = pendingCount - TWO_BIT_SYMBOLS;
      System.arraycopy(pending, TWO_BIT_SYMBOLS, pending, 0, left);
      pendingCount = left;
      pendingAllSame = true;
      pendingHasLarge = false;
      for (int i = 0; i < left; i++) {
        pendingAllSame &= pending[i] == pending[0];
        pendingHasLarge |= pending[i] == LARGE;
      }
    }
  }

  /** The chunk of the symbols still pending when the packet is written. */
  private char lastChunk() {
    if (pendingAllSame) {
      return runChunk(pending[0], pendingCount);
    }
    // Mixed symbols beyond 7 never include a large delta (pendingTakes), so fit one-bit symbols.
    return vectorChunk(pendingCount <= TWO_BIT_SYMBOLS ? TWO_BIT_SYMBOLS : ONE_BIT_SYMBOLS);
  }

  private static char runChunk(int symbol, int length) {
    return (char) ((symbol << 13) | length);
  }

  /** A vector of {@code capacity} symbols from the pending ones; missing ones are zero. */
  private char vectorChunk(int capacity) {
    int bits = capacity == ONE_BIT_SYMBOLS ? 1 : 2;
    int chunk = 0x8000 | (bits == 2 ? 0x4000 : 0);
    for (int i = 0; i < capacity && i < pendingCount; i++) {
      chunk |= pending[i] << (14 - bits * (i + 1));
    }
    return (char) chunk;
  }
}
