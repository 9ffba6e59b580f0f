package org.medirelay.media.sdp;

/**
 * One m-section of a participant's session description, as the node sees it. Slots are never
 * removed (unified plan keeps m-sections forever); a departed publisher's slot becomes inactive.
 *
 * @param mid the m-section's mid
 * @param kind {@code audio} or {@code video}
 * @param uplink true for the participant's own sending slot (node receives), false for a forwarded
 *     stream
 * @param publisherId whose media a downlink slot carries
 * @param ssrc the forwarded stream's SSRC (downlink only)
 * @param active false once the publisher has left
 */
public record MediaSlot(
    String mid, String kind, boolean uplink, String publisherId, long ssrc, boolean active) {

  /**
   * The mid of the slot that carries the node's bandwidth probes to a receiver: padding on an SSRC
   * of its own, announced without a track (see congestion/ProbePadding).
   */
  public static final String PROBE_MID = "probe";

  /** The probe slot of a receiver whose node adapts to its link. */
  public static MediaSlot probe(long ssrc) {
    return new MediaSlot(PROBE_MID, "video", false, "", ssrc, true);
  }

  /** Whether this slot carries the node's bandwidth probes, not anyone's media. */
  public boolean isProbe() {
    return PROBE_MID.equals(mid);
  }

  public MediaSlot deactivated() {
    return new MediaSlot(mid, kind, uplink, publisherId, ssrc, false);
  }
}
