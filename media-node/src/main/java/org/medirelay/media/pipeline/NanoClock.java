package org.medirelay.media.pipeline;

/**
 * The time stages read: arrival times, rate limits, report intervals. Injected, so tests move it by
 * hand and a rate or timeout is tested deterministically.
 */
@FunctionalInterface
public interface NanoClock {

  /** The running nanosecond count of {@link System#nanoTime()}; only differences mean anything. */
  long nanos();

  /** The JVM's monotonic clock. */
  static NanoClock system() {
    return System::nanoTime;
  }
}
