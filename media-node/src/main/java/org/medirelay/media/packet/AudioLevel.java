package org.medirelay.media.packet;

/**
 * The client-to-mixer audio level of an RTP packet (RFC 6464 section 3), read in place from the
 * {@link RtpExtension#AUDIO_LEVEL} element: one byte, the voice-activity flag V and the level of
 * the packet's audio in -dBov, from 0 (as loud as the encoding goes) to 127 (silence, or quieter).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |V|    level    |
 * </pre>
 *
 * The element travels in the clear in SRTP (RFC 6904 header encryption is not negotiated), but the
 * node reads it only after the packet has been decrypted, that is authenticated.
 */
public final class AudioLevel {

  /** The element's value when the packet carries none (or an empty one). */
  public static final int ABSENT = -1;

  /** The quietest level: silence, or a muted microphone. */
  public static final int SILENCE = 127;

  private AudioLevel() {}

  /** The element's byte (V in bit 7, the level below), or {@link #ABSENT}. */
  public static int read(Packet p) {
    int data = RtpHeaderExtensions.find(p, RtpExtension.AUDIO_LEVEL.id);
    if (data < 0 || RtpHeaderExtensions.lengthAt(p, data) < 1) {
      return ABSENT;
    }
    return p.byteAt(data);
  }

  /** Whether the sender's encoder judged the packet to hold voice (the V flag). */
  public static boolean voiceActivity(int element) {
    return (element & 0x80) != 0;
  }

  /** The level in -dBov: 0 loudest, {@link #SILENCE} quietest. */
  public static int level(int element) {
    return element & 0x7F;
  }
}
