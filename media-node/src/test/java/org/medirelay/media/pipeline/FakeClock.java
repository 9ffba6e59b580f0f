package org.medirelay.media.pipeline;

import java.time.Duration;

/** A clock a test moves by hand. */
public final class FakeClock implements NanoClock {

  private long nanos = 1_000_000_000L;

  @Override
  public long nanos() {
    return nanos;
  }

  public void advance(Duration by) {
    nanos += by.toNanos();
  }
}
