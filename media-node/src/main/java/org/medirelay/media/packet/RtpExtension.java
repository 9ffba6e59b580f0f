package org.medirelay.media.packet;

/**
 * The RTP header extensions the node negotiates, with the IDs its offers give them. The node always
 * offers, so these IDs hold on every transport: the packet path reads them without looking at the
 * browser's answer. An answer may still drop one from an m-section (Firefox keeps transport-cc on
 * video only); what the node sends there goes without the element (router/Consumer). One place for
 * both the offer's {@code a=extmap} lines and the code that reads the elements.
 */
public enum RtpExtension {
  /** Audio level of each packet (RFC 6464), for the active speaker. Audio m-sections. */
  AUDIO_LEVEL(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", Sections.AUDIO, false),

  /**
   * Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01), for
   * congestion control both ways: the node's feedback to publishers, its own numbers to
   * subscribers. Every m-section.
   */
  TRANSPORT_CC(
      3,
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      Sections.ALL,
      true),

  /**
   * The rid (RFC 8852) of a simulcast layer, which the browser sends until the node reports on the
   * layer's SSRC: how the node learns each layer's SSRC. Blanked before forwarding.
   */
  RTP_STREAM_ID(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", Sections.VIDEO_UPLINK, true);

  /** Which m-sections an extension is offered on. */
  enum Sections {
    AUDIO,
    VIDEO,
    ALL,
    /** The participant's own video uplink only (what the node receives). */
    VIDEO_UPLINK
  }

  /** The element's ID in every packet the node sends or receives. */
  public final int id;

  /** The URI its {@code a=extmap} line names. */
  public final String uri;

  private final Sections sections;

  /**
   * Part of adapting streams to receivers' links: not offered when the node's adaptation is off.
   */
  private final boolean adaptation;

  RtpExtension(int id, String uri, Sections sections, boolean adaptation) {
    this.id = id;
    this.uri = uri;
    this.sections = sections;
    this.adaptation = adaptation;
  }

  /**
   * Whether the node offers it on an m-section of this kind ({@code audio} or {@code video}) and
   * direction ({@code uplink}: the participant sends), with adaptation on or off.
   */
  public boolean offeredOn(String kind, boolean uplink, boolean adaptationOn) {
    if (adaptation && !adaptationOn) {
      return false;
    }
    boolean video = "video".equals(kind);
    return switch (sections) {
      case AUDIO -> !video;
      case VIDEO -> video;
      case ALL -> true;
      case VIDEO_UPLINK -> video && uplink;
    };
  }
}
