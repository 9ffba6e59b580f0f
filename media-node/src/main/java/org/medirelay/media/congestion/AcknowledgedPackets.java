package org.medirelay.media.congestion;

import org.medirelay.media.packet.TransportCcReader;

/**
 * One feedback's statuses matched to what this transport sent, in arrays made once: for each packet
 * it reports, the packet's unwrapped number, and for those that arrived, when (in the receiver's
 * clock, unwrapped across feedbacks). Nothing is believed until {@link #check} passes: a feedback
 * naming packets never sent or long forgotten, or arrival times no queue can explain, is refused
 * whole.
 */
final class AcknowledgedPackets implements TransportCcReader.Visitor {

  /** What a feedback is, once read. */
  enum Verdict {
    USABLE,
    /** Names a sequence number never sent, or one the history has forgotten. */
    OUT_OF_RANGE,
    /** Its packets' one-way delays differ by more than any queue holds. */
    IMPLAUSIBLE
  }

  /** One-way delays within one feedback may differ by at most this (no real queue holds more). */
  static final long MAX_DELAY_SPREAD_MICROS = 5_000_000;

  private static final long REFERENCE_MICROS = 64_000;

  private final SendHistory history;
  private final long[] numbers = new long[SendHistory.CAPACITY];
  private final long[] arrivalMicros = new long[SendHistory.CAPACITY];
  private final boolean[] arrived = new boolean[SendHistory.CAPACITY];
  private int count;
  private boolean outOfRange;

  /** The receiver's reference time of the last usable feedback, unwrapped, in 64 ms units. */
  private long reference = Long.MIN_VALUE;

  /** The last usable feedback's 24-bit reference time, and the one being read. */
  private int lastReference;

  private int readingReference;
  private long pendingReference;

  AcknowledgedPackets(SendHistory history) {
    this.history = history;
  }

  void clear() {
    count = 0;
    outOfRange = false;
  }

  @Override
  public void header(int baseSequence, int statusCount, int referenceTime, int feedbackCount) {
    long first = history.find(baseSequence);
    outOfRange =
        statusCount > SendHistory.CAPACITY || first < 0 || first + statusCount > history.next();
    // The 24-bit reference wraps every 12 days; a signed step from the last one unwraps it.
    pendingReference =
        reference == Long.MIN_VALUE
            ? referenceTime
            : reference + (((referenceTime - lastReference) << 8) >> 8);
    readingReference = referenceTime;
  }

  @Override
  public void received(int sequence, long sinceReferenceMicros) {
    add(sequence, true, pendingReference * REFERENCE_MICROS + sinceReferenceMicros);
  }

  @Override
  public void notReceived(int sequence) {
    add(sequence, false, 0);
  }

  private void add(int sequence, boolean received, long arrival) {
    if (outOfRange) {
      return;
    }
    numbers[count] = history.find(sequence);
    arrived[count] = received;
    arrivalMicros[count] = arrival;
    count++;
  }

  /** Whether the feedback just read can be believed; when it can, its reference time is kept. */
  Verdict check() {
    if (outOfRange) {
      return Verdict.OUT_OF_RANGE;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      if (arrived[i]) {
        long delay = arrivalMicros[i] - history.sendNanos(numbers[i]) / 1000;
        min = Math.min(min, delay);
        max = Math.max(max, delay);
      }
    }
    if (max != Long.MIN_VALUE && max - min > MAX_DELAY_SPREAD_MICROS) {
      return Verdict.IMPLAUSIBLE;
    }
    reference = pendingReference;
    lastReference = readingReference;
    return Verdict.USABLE;
  }

  int count() {
    return count;
  }

  long number(int i) {
    return numbers[i];
  }

  boolean arrived(int i) {
    return arrived[i];
  }

  long arrivalMicros(int i) {
    return arrivalMicros[i];
  }
}
