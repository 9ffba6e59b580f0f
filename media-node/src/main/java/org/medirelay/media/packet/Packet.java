package org.medirelay.media.packet;

import java.net.SocketAddress;
import org.ice4j.util.Buffer;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * One datagram's bytes in a pooled array, with room before and after so SRTP can add its tag
 * without copying.
 *
 * <p>Ownership: exactly one stage holds a packet at a time. A stage either hands it to the next
 * stage or calls {@link #release()}; after either it must not touch it again. The router makes a
 * {@link PacketPool#copyOf copy} for each receiver, because each receiver encrypts with its own
 * keys.
 */
public final class Packet implements ByteArrayBuffer {

  /** Bytes kept free in front of the payload, so a header could be prepended without a copy. */
  public static final int HEADROOM = 16;

  /** Largest datagram we accept (Ethernet MTU) plus room for an SRTP/SRTCP tag and index. */
  public static final int CAPACITY = HEADROOM + 1500 + 32;

  private final byte[] buffer;
  private final PacketPool pool;

  /**
   * ice4j's view of the same array, handed to the UDP listener so it receives straight into our
   * buffer.
   */
  final Buffer iceBuffer;

  private int offset = HEADROOM;
  private int length;
  private long receivedNanos;
  private SocketAddress source;

  /** True while the packet sits in its pool; guards against a second release by a buggy owner. */
  boolean pooled;

  /**
   * One of the pool's own packets, which goes back to it; false for extras made while the pool was
   * empty.
   */
  final boolean member;

  /**
   * Non-zero while ice4j holds {@link #iceBuffer}: which loan it is, so the pool's sweep tells a
   * buffer kept since the last sweep from one lent again in between.
   */
  volatile int iceLoan;

  private int loans;

  /** {@link #iceLoan} as the pool's sweep last saw it; only the sweep reads and writes it. */
  int iceLoanAtLastSweep;

  Packet(PacketPool pool, boolean member) {
    this.pool = pool;
    this.member = member;
    this.buffer = new byte[CAPACITY];
    this.iceBuffer = new Buffer(buffer, HEADROOM, 0);
  }

  @Override
  public byte[] getBuffer() {
    return buffer;
  }

  @Override
  public int getOffset() {
    return offset;
  }

  @Override
  public int getLength() {
    return length;
  }

  @Override
  public void setLength(int length) {
    if (length < 0 || offset + length > buffer.length) {
      throw new IllegalArgumentException("length " + length + " does not fit");
    }
    this.length = length;
  }

  @Override
  public void setOffset(int offset) {
    if (offset < 0 || offset + length > buffer.length) {
      throw new IllegalArgumentException("offset " + offset + " does not fit");
    }
    this.offset = offset;
  }

  public void setOffsetLength(int offset, int length) {
    this.offset = offset;
    setLength(length);
  }

  @Override
  public boolean isInvalid() {
    return length <= 0;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] out) {
    System.arraycopy(buffer, offset + off, out, 0, len);
  }

  /** SRTP asks for room for its tag; our arrays always have it, so anything more is a bug. */
  @Override
  public void grow(int howMuch) {
    if (offset + length + howMuch > buffer.length) {
      throw new IllegalStateException("packet buffer cannot grow by " + howMuch);
    }
  }

  @Override
  public void append(byte[] data, int len) {
    grow(len);
    System.arraycopy(data, 0, buffer, offset + length, len);
    length += len;
  }

  @Override
  public void shrink(int len) {
    length = Math.max(0, length - len);
  }

  public int byteAt(int index) {
    return buffer[offset + index] & 0xFF;
  }

  public int uint16At(int index) {
    return ((buffer[offset + index] & 0xFF) << 8) | (buffer[offset + index + 1] & 0xFF);
  }

  public long uint32At(int index) {
    return ((long) uint16At(index) << 16) | uint16At(index + 2);
  }

  public void putUint16(int index, int value) {
    buffer[offset + index] = (byte) (value >>> 8);
    buffer[offset + index + 1] = (byte) value;
  }

  public void putUint32(int index, long value) {
    putUint16(index, (int) (value >>> 16) & 0xFFFF);
    putUint16(index + 2, (int) value & 0xFFFF);
  }

  public long receivedNanos() {
    return receivedNanos;
  }

  public void setReceivedNanos(long receivedNanos) {
    this.receivedNanos = receivedNanos;
  }

  /** The address a received datagram came from; null for packets the node made. */
  public SocketAddress source() {
    return source;
  }

  public void setSource(SocketAddress source) {
    this.source = source;
  }

  /** Copies {@code len} bytes in, at the default offset. */
  public Packet fill(byte[] data, int off, int len) {
    offset = HEADROOM;
    setLength(len);
    System.arraycopy(data, off, buffer, offset, len);
    return this;
  }

  void reset() {
    offset = HEADROOM;
    length = 0;
    receivedNanos = 0;
    source = null;
  }

  /** Marks the packet as handed to ice4j, on a loan numbered apart from the last one. */
  void lendToIce() {
    loans = loans == Integer.MAX_VALUE ? 1 : loans + 1;
    iceLoan = loans;
  }

  /** Takes the bytes ice4j wrote into {@link #iceBuffer}. */
  void adoptIceBuffer() {
    offset = iceBuffer.getOffset();
    length = iceBuffer.getLength();
  }

  /** Gives the packet back to its pool. The caller must not use it afterwards. */
  public void release() {
    pool.giveBack(this);
  }
}
