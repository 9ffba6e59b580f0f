package org.medirelay.testkit;

import java.util.Locale;

/**
 * A browser's call figures over a stretch of time, from {@link CallStats#window}: what it received
 * (frame rate, the last frame's size, freezes, audio concealment, video bitrate) and what it sent.
 *
 * @param seconds how long the samples span
 * @param framesPerSecond frames decoded per second (from the framesDecoded counter)
 * @param width the last decoded frame's width (0 when none was)
 * @param height the last decoded frame's height
 * @param freezes freezes that started in the window
 * @param freezeSeconds how long the video was frozen, in freezes counted in the window
 * @param concealment the share of the audio samples played in the window that were concealed, in
 *     [0, 1]; NaN when no audio was played
 * @param videoKbps received video payload, kbit/s
 * @param sentVideoKbps sent video payload, kbit/s
 * @param targetKbps the encoder's mean target bitrate, kbit/s; NaN where the browser does not say
 * @param limitation the most frequent {@code qualityLimitationReason} of the sent video; empty when
 *     the browser does not say
 */
public record CallWindow(
    double seconds,
    double framesPerSecond,
    int width,
    int height,
    long freezes,
    double freezeSeconds,
    double concealment,
    double videoKbps,
    double sentVideoKbps,
    double targetKbps,
    String limitation) {

  /** The received resolution as {@code 640x480}, or {@code -} when no frame was decoded. */
  public String resolution() {
    return width == 0 && height == 0 ? "-" : width + "x" + height;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%.1f fps, %s, %d freezes (%.1f s), %.1f %% audio concealed, %.0f kbit/s video in over %.1f"
            + " s; sending %.0f kbit/s (target %.0f, limited by %s)",
        framesPerSecond,
        resolution(),
        freezes,
        freezeSeconds,
        concealment * 100,
        videoKbps,
        seconds,
        sentVideoKbps,
        targetKbps,
        limitation.isEmpty() ? "?" : limitation);
  }
}
