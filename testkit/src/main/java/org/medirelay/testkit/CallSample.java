package org.medirelay.testkit;

/**
 * One reading of a browser's WebRTC statistics ({@code RTCPeerConnection.getStats()}), at {@code
 * atMillis} (epoch milliseconds, the browser's clock, which on one machine is this JVM's). Counters
 * are cumulative since the connection started, summed over the connection's streams of a kind; with
 * one remote participant they are that participant's. A field the browser does not expose is 0, or
 * NaN for a rate, or an empty string.
 */
public record CallSample(
    long atMillis,
    VideoIn videoIn,
    AudioIn audioIn,
    VideoOut videoOut,
    double roundTripSeconds,
    double availableOutgoingBitrate) {

  /**
   * Received video ({@code inbound-rtp}, kind video): frames decoded, the browser's own frame rate,
   * the size of the last decoded frame, freezes (count and total seconds), payload bytes and
   * packets received, packets lost.
   */
  public record VideoIn(
      long framesDecoded,
      double framesPerSecond,
      int width,
      int height,
      long freezeCount,
      double totalFreezesSeconds,
      long bytesReceived,
      long packetsReceived,
      long packetsLost) {

    public static final VideoIn NONE = new VideoIn(0, Double.NaN, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Received audio ({@code inbound-rtp}, kind audio): samples played out, and of those how many the
   * receiver concealed (made up) because packets were missing or late.
   */
  public record AudioIn(
      long concealedSamples, long totalSamplesReceived, long packetsReceived, long packetsLost) {

    public static final AudioIn NONE = new AudioIn(0, 0, 0, 0);
  }

  /**
   * Sent video ({@code outbound-rtp}, kind video): payload bytes, the size and rate of what the
   * encoder sends, its target bitrate, and why it sends less than it could ({@code
   * qualityLimitationReason}: none, bandwidth, cpu, other).
   */
  public record VideoOut(
      long bytesSent,
      int width,
      int height,
      double framesPerSecond,
      double targetBitrate,
      String qualityLimitationReason) {

    public static final VideoOut NONE = new VideoOut(0, 0, 0, Double.NaN, Double.NaN, "");
  }
}
