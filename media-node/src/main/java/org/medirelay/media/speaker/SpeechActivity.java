package org.medirelay.media.speaker;

import java.util.concurrent.atomic.AtomicInteger;
import org.medirelay.media.packet.AudioLevel;
import org.medirelay.media.packet.Packet;

/**
 * How much one publisher has been speaking lately, from the audio level its browser writes on each
 * packet (RFC 6464). Three time scales, after Volfin and Cohen's dominant speaker identification
 * ("Dominant Speaker Identification for Multipoint Videoconferencing", 2013), with counts where
 * they use likelihoods:
 *
 * <ol>
 *   <li>packet (20 ms of audio): speech when its encoder flags voice and its level stands at least
 *       {@link #SPEECH_ABOVE_FLOOR_DB} above this publisher's noise floor;
 *   <li>window (one {@link ActiveSpeaker#WINDOW}, 300 ms, about a syllable): speech when any packet
 *       in it was; its loudness is how far the loudest such packet stood above the floor;
 *   <li>activity: in how many of the last {@link #HISTORY} windows (2.1 s) the publisher spoke, and
 *       the mean loudness of those windows.
 * </ol>
 *
 * Each packet is judged against the publisher's own noise floor rather than against the others'
 * levels, so a loud microphone or a noisy room does not outshout a quiet speaker. The floor is the
 * quietest level lately: it drops at once to a quieter packet and otherwise creeps up by {@link
 * #FLOOR_RISE_DB} a packet (2.5 dB a second), so it follows a room that gets noisier within seconds
 * while the pauses between words keep pulling it back down.
 *
 * <p>Threads: {@link #onPacket} runs on the publisher's receive thread and alone touches the floor;
 * {@link #closeWindow} runs on the conference's speaker tick and alone touches the history. They
 * share the current window's loudness, an atomic integer. Nothing here allocates after
 * construction.
 */
final class SpeechActivity {

  /** Windows the activity looks back over: 2.1 s. */
  static final int HISTORY = 7;

  /** How far above the noise floor a packet must be to be speech. */
  static final int SPEECH_ABOVE_FLOOR_DB = 15;

  /** How much the floor rises per packet no quieter than it (50 packets a second). */
  static final double FLOOR_RISE_DB = 0.05;

  /**
   * The lowest the floor goes, as a loudness: quieter than -80 dBov is silence whatever the
   * microphone, so a publisher sending digital silence between words still needs -65 dBov to speak.
   */
  static final int LOWEST_FLOOR = AudioLevel.SILENCE - 80;

  /** The loudest speech packet of the open window, in dB above the floor; 0: no speech yet. */
  private final AtomicInteger windowLoudness = new AtomicInteger();

  /** The noise floor as a loudness (dB above -127 dBov); NaN until the first packet sets it. */
  private double floor = Double.NaN;

  /** Each closed window's loudness (0: not speech), a ring, {@link #oldest} the next to go. */
  private final int[] windows = new int[HISTORY];

  private int oldest;
  private int speechWindows;
  private int loudnessSum;

  /** Reads one decrypted packet's audio level; a packet without one changes nothing. */
  void onPacket(Packet p) {
    int element = AudioLevel.read(p);
    if (element == AudioLevel.ABSENT) {
      return;
    }
    int loudness = AudioLevel.SILENCE - AudioLevel.level(element);
    if (Double.isNaN(floor) || loudness < floor) {
      floor = Math.max(loudness, LOWEST_FLOOR);
    } else {
      floor = Math.min(floor + FLOOR_RISE_DB, loudness);
    }
    int aboveFloor = (int) (loudness - floor);
    if (AudioLevel.voiceActivity(element) && aboveFloor >= SPEECH_ABOVE_FLOOR_DB) {
      windowLoudness.accumulateAndGet(aboveFloor, Math::max);
    }
  }

  /** Ends the open window: it joins the history, and the oldest leaves it. */
  void closeWindow() {
    int loudness = windowLoudness.getAndSet(0);
    int leaving = windows[oldest];
    speechWindows += (loudness > 0 ? 1 : 0) - (leaving > 0 ? 1 : 0);
    loudnessSum += loudness - leaving;
    windows[oldest] = loudness;
    oldest = (oldest + 1) % HISTORY;
  }

  /** In how many of the last {@link #HISTORY} windows the publisher spoke. */
  int speechWindows() {
    return speechWindows;
  }

  /** The mean loudness of the last {@link #HISTORY} windows, in dB above the floor. */
  int loudness() {
    return loudnessSum / HISTORY;
  }
}
