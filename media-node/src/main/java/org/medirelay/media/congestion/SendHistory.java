package org.medirelay.media.congestion;

/**
 * The transport-wide sequence numbers this transport gave the packets it sent, with each packet's
 * send time and size, in fixed ring arrays: the last {@link #CAPACITY} packets, nothing allocated
 * per packet. Feedback names packets by 16-bit sequence number; the history maps one back to the
 * packet it sent last with that number, and refuses numbers it never sent or has forgotten.
 *
 * <p>Senders (the receive threads of every publisher this transport forwards) and the reader of
 * feedback (the subscriber's own receive thread) share it, so every method locks.
 */
final class SendHistory {

  /** Packets remembered: about two seconds at 10 Mbit/s, far longer than feedback takes. */
  static final int CAPACITY = 2048;

  private static final int MASK = CAPACITY - 1;

  /** Reported neither received nor lost yet. */
  static final byte UNREPORTED = 0;

  static final byte REPORTED = 1;

  private final long[] sendNanos = new long[CAPACITY];
  private final int[] sizes = new int[CAPACITY];
  private final byte[] reports = new byte[CAPACITY];

  /** The next packet's sequence number, unwrapped: how many packets were numbered so far. */
  private long next;

  /** Numbers a packet of {@code size} bytes sent at {@code nanos}; returns its 16-bit number. */
  synchronized int number(int size, long nanos) {
    int slot = (int) (next & MASK);
    sendNanos[slot] = nanos;
    sizes[slot] = size;
    reports[slot] = UNREPORTED;
    return (int) (next++ & 0xFFFF);
  }

  /**
   * The unwrapped number of the packet sent last with the 16-bit {@code sequence}, or -1 when no
   * packet the history still holds has it (never sent, or too long ago).
   */
  synchronized long find(int sequence) {
    if (next == 0) {
      return -1;
    }
    long newest = next - 1;
    long unwrapped = newest - ((newest - sequence) & 0xFFFF);
    return unwrapped >= 0 && unwrapped > newest - CAPACITY ? unwrapped : -1;
  }

  /** The number the next packet gets, unwrapped: every number below it was sent. */
  synchronized long next() {
    return next;
  }

  synchronized long sendNanos(long unwrapped) {
    return sendNanos[(int) (unwrapped & MASK)];
  }

  synchronized int size(long unwrapped) {
    return sizes[(int) (unwrapped & MASK)];
  }

  /** Marks a held packet reported; true the first time, so each packet counts once. */
  synchronized boolean report(long unwrapped) {
    int slot = (int) (unwrapped & MASK);
    boolean first = reports[slot] == UNREPORTED;
    reports[slot] = REPORTED;
    return first;
  }
}
