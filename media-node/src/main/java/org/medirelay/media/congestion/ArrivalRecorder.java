package org.medirelay.media.congestion;

import java.util.Arrays;

/**
 * When each transport-wide sequence number from one participant arrived, kept until a feedback
 * reports it. The 16-bit numbers are unwrapped against the highest seen; a fixed window of {@link
 * #WINDOW} arrival times holds the ones not yet reported, so whatever numbers a participant sends,
 * the record neither grows nor loops beyond the window:
 *
 * <ul>
 *   <li>a number before the first unreported one (already reported, or reordered by more than a
 *       feedback interval) is {@link Outcome#LATE};
 *   <li>a number recorded already is a {@link Outcome#DUPLICATE};
 *   <li>a number so far ahead that the unreported ones would not fit the window (a jump: a sender
 *       that restarted its numbering, or a long outage) restarts the record there, {@link
 *       Outcome#RESTARTED}.
 * </ul>
 *
 * Not thread-safe: its {@link FeedbackSender} holds its lock.
 */
final class ArrivalRecorder {

  /** Numbers held between feedbacks: a feedback interval of packets many times over. */
  static final int WINDOW = 1024;

  static final long NOT_RECEIVED = Long.MIN_VALUE;

  /** What {@link #record} did with a number. */
  enum Outcome {
    RECORDED,
    LATE,
    DUPLICATE,
    RESTARTED
  }

  private final long[] arrivals = new long[WINDOW];
  private boolean started;

  /** The highest number recorded, unwrapped. */
  private long highest;

  /** The first number the next feedback reports, unwrapped. */
  private long firstUnreported;

  ArrivalRecorder() {
    Arrays.fill(arrivals, NOT_RECEIVED);
  }

  Outcome record(int sequence, long arrivalNanos) {
    if (!started) {
      started = true;
      return restartAt(sequence, arrivalNanos, Outcome.RECORDED);
    }
    // The signed 16-bit distance from the highest: up to 32767 ahead, 32768 behind.
    long number = highest + (short) (sequence - (int) highest);
    if (number < firstUnreported) {
      return Outcome.LATE;
    }
    if (number > highest) {
      if (number - firstUnreported >= WINDOW) {
        Arrays.fill(arrivals, NOT_RECEIVED);
        return restartAt(number, arrivalNanos, Outcome.RESTARTED);
      }
      for (long skipped = highest + 1; skipped < number; skipped++) {
        arrivals[slot(skipped)] = NOT_RECEIVED;
      }
      highest = number;
    } else if (arrivals[slot(number)] != NOT_RECEIVED) {
      return Outcome.DUPLICATE;
    }
    arrivals[slot(number)] = arrivalNanos;
    return Outcome.RECORDED;
  }

  private Outcome restartAt(long number, long arrivalNanos, Outcome outcome) {
    highest = number;
    firstUnreported = number;
    arrivals[slot(number)] = arrivalNanos;
    return outcome;
  }

  /** Whether some recorded number has not been reported yet. */
  boolean hasUnreported() {
    return started && firstUnreported <= highest;
  }

  /** The first number the next feedback reports (unwrapped; its low 16 bits are the wire's). */
  long firstUnreported() {
    return firstUnreported;
  }

  long highest() {
    return highest;
  }

  /**
   * When {@code number} (from {@link #firstUnreported} to {@link #highest}) arrived, or {@link
   * #NOT_RECEIVED}.
   */
  long arrival(long number) {
    return arrivals[slot(number)];
  }

  /** Everything up to the highest has been reported; later arrivals of those numbers are late. */
  void markReported() {
    firstUnreported = highest + 1;
  }

  private static int slot(long number) {
    return (int) (number & (WINDOW - 1));
  }
}
