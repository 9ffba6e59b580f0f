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

  public MediaSlot deactivated() {
    return new MediaSlot(mid, kind, uplink, publisherId, ssrc, false);
  }
}
