package org.medirelay.media.speaker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medirelay.media.pipeline.Observe;

/**
 * The dominant speaker of one conference: the person the pages highlight, and whose video the
 * allocator favours when bandwidth is short. Each publisher's audio path feeds its {@link
 * SpeechActivity} ({@link #levelsOf}); every {@link #WINDOW} the conference calls {@link #tick},
 * which closes every publisher's window and may change the speaker. Someone else takes over only
 * when they
 *
 * <ul>
 *   <li>spoke in at least {@link #MIN_SPEECH} of the last {@link SpeechActivity#HISTORY} windows
 *       (1.2 s of the last 2.1 s: a cough, a laugh or an "mm-hm" is not enough), and
 *   <li>in at least {@link #MARGIN} more of them than the current speaker (who, while still
 *       talking, is not interrupted by a short reply).
 * </ul>
 *
 * Of several such, the one who spoke in most windows wins, then the loudest. When everyone is
 * silent nobody qualifies, so silence keeps the last speaker.
 *
 * <p>Threads: {@link #levelsOf}, {@link #forget} and {@link #tick} take this object's lock (joins,
 * answers, leaves and the speaker tick; never the packet path). {@link #current} is a volatile
 * read, cheap enough for the packet path.
 */
public final class ActiveSpeaker {

  /** How often windows close: about a syllable, short enough to tell a cough from speech. */
  public static final Duration WINDOW = Duration.ofMillis(300);

  /** Speech windows a challenger needs: 4 of 7, 1.2 s. */
  static final int MIN_SPEECH = 4;

  /** Speech windows a challenger needs beyond the current speaker's. */
  static final int MARGIN = 3;

  /** Each publisher of audio, by participant id, in the order they published. */
  private final Map<String, SpeechActivity> publishers = new LinkedHashMap<>();

  private volatile String current;

  /** The participant id of the dominant speaker, or null before anyone has spoken. */
  public String current() {
    return current;
  }

  /**
   * A new stage for a participant's audio path, after decryption, that reads each packet's level
   * into the participant's activity (the same one across the participant's streams, when it changes
   * SSRC).
   */
  public synchronized Observe levelsOf(String participantId) {
    SpeechActivity activity = publishers.computeIfAbsent(participantId, id -> new SpeechActivity());
    return Observe.of("audio level (active speaker)", activity::onPacket);
  }

  /** A participant left: no longer a candidate, and no longer the speaker. */
  public synchronized void forget(String participantId) {
    publishers.remove(participantId);
    if (participantId.equals(current)) {
      current = null;
    }
  }

  /**
   * Closes every publisher's window and judges who speaks.
   *
   * @return the new speaker's participant id when the speaker changed, else null
   */
  public synchronized String tick() {
    publishers.values().forEach(SpeechActivity::closeWindow);
    SpeechActivity speaking = current == null ? null : publishers.get(current);
    int toBeat = Math.max(MIN_SPEECH, speaking == null ? 0 : speaking.speechWindows() + MARGIN);
    String challenger = null;
    SpeechActivity best = null;
    for (Map.Entry<String, SpeechActivity> publisher : publishers.entrySet()) {
      SpeechActivity activity = publisher.getValue();
      if (activity != speaking && activity.speechWindows() >= toBeat && beats(activity, best)) {
        challenger = publisher.getKey();
        best = activity;
      }
    }
    if (challenger != null) {
      current = challenger;
    }
    return challenger;
  }

  private static boolean beats(SpeechActivity activity, SpeechActivity best) {
    return best == null
        || activity.speechWindows() > best.speechWindows()
        || (activity.speechWindows() == best.speechWindows()
            && activity.loudness() > best.loudness());
  }
}
