package org.medirelay.media.conference;

import org.medirelay.media.router.Producer;

/**
 * A participant's microphone and camera as the call sees them: what their page says ({@link
 * Devices}), and whether a host muted them. A host's mute turns the microphone off for the others
 * and holds the microphone's producer, so the node forwards none of their audio whatever their
 * browser sends, until their own page turns the microphone on again ({@code devices} with audio
 * on): a host can silence someone, never make them heard. The hold moves to a new producer when the
 * microphone's SSRC changes.
 */
final class DeviceState {

  private Devices devices = Devices.AT_JOIN;
  private boolean mutedByHost;

  /** The producer of their microphone, once published. */
  private Producer microphone;

  synchronized Devices now() {
    return devices;
  }

  synchronized boolean mutedByHost() {
    return mutedByHost;
  }

  /**
   * Their page's word; the microphone on lifts a host's mute.
   *
   * @return true when this changed what the others should be shown
   */
  synchronized boolean set(Devices now) {
    if (now.audio() && mutedByHost) {
      mutedByHost = false;
      hold(false);
    }
    Devices before = devices;
    devices = now;
    return !now.equals(before);
  }

  /**
   * A host muted them: their microphone counts as off and nothing of it is forwarded.
   *
   * @return true when this changed what the others should be shown
   */
  synchronized boolean muteByHost() {
    mutedByHost = true;
    hold(true);
    Devices before = devices;
    devices = new Devices(false, before.video(), before.screen());
    return before.audio();
  }

  /** Their microphone is published as {@code audio} (a first or a new SSRC). */
  synchronized void published(Producer audio) {
    microphone = audio;
    hold(mutedByHost);
  }

  private void hold(boolean held) {
    if (microphone != null) {
      microphone.hold(held);
    }
  }
}
