package org.medirelay.media.sdp;

import java.util.List;
import java.util.StringJoiner;
import org.medirelay.media.packet.RtpExtension;

/**
 * Writes the node's offers. The node always offers, so renegotiation never collides with an offer
 * from the browser. Codecs are fixed and identical for everyone (Opus 111, VP8 96), so RTP is
 * forwarded without payload-type rewriting. With adaptation on, every audio m-section also offers
 * Opus with redundancy (RFC 2198 RED, {@link #RED_PT}), listed first: libwebrtc sends RED only when
 * the offer prefers it to Opus, and a receiver that accepts it recovers a lost packet from the next
 * one; a receiver that does not gets the primary Opus only (router/RedToOpus). Each forwarded
 * stream's SSRC is announced with {@code a=ssrc} so the browser demultiplexes BUNDLEd streams by
 * SSRC: the publisher's, or for a simulcast stream the one the node chose for it. With adaptation
 * on, the participant's video uplink asks for simulcast ({@link #SIMULCAST_RIDS}).
 */
public final class SdpOffer {

  public static final int OPUS_PT = 111;
  public static final int VP8_PT = 96;

  /** RED of Opus (RFC 2198), the payload type Chromium itself uses for it. */
  public static final int RED_PT = 63;

  /**
   * The rids the node asks a publisher's camera to send as simulcast (RFC 8853), lowest first:
   * libwebrtc scales an offer's layers by 4, 2, 1 in this order unless the page says otherwise.
   */
  public static final List<String> SIMULCAST_RIDS = List.of("l", "m", "h");

  private SdpOffer() {}

  /**
   * Transport facts shared by every m-section.
   *
   * @param adaptation the node adapts streams to receivers' links (MEDIA_ADAPTATION): offer what
   *     that needs
   */
  public record Transport(
      String ufrag,
      String password,
      String fingerprint,
      String setup,
      List<String> candidates,
      boolean adaptation) {}

  public static String build(
      long sessionVersion, String sessionId, Transport transport, List<MediaSlot> slots) {
    StringBuilder sdp = new StringBuilder(2048);
    line(sdp, "v=0");
    line(sdp, "o=- " + sessionId + " " + sessionVersion + " IN IP4 0.0.0.0");
    line(sdp, "s=MediRelay");
    line(sdp, "t=0 0");
    StringJoiner bundle = new StringJoiner(" ", "a=group:BUNDLE ", "");
    slots.forEach(slot -> bundle.add(slot.mid()));
    line(sdp, bundle.toString());
    line(sdp, "a=msid-semantic: WMS *");
    line(sdp, "a=ice-options:trickle");
    boolean first = true;
    for (MediaSlot slot : slots) {
      section(sdp, slot, transport, first);
      first = false;
    }
    return sdp.toString();
  }

  private static void section(
      StringBuilder sdp, MediaSlot slot, Transport transport, boolean withCandidates) {
    boolean audio = "audio".equals(slot.kind());
    int pt = audio ? OPUS_PT : VP8_PT;
    boolean red = audio && transport.adaptation();
    line(sdp, "m=" + slot.kind() + " 9 UDP/TLS/RTP/SAVPF " + (red ? RED_PT + " " : "") + pt);
    line(sdp, "c=IN IP4 0.0.0.0");
    line(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
    line(sdp, "a=ice-ufrag:" + transport.ufrag());
    line(sdp, "a=ice-pwd:" + transport.password());
    line(sdp, "a=fingerprint:sha-256 " + transport.fingerprint());
    line(sdp, "a=setup:" + transport.setup());
    line(sdp, "a=mid:" + slot.mid());
    if (slot.uplink()) {
      line(sdp, "a=recvonly");
    } else if (slot.isProbe()) {
      line(sdp, "a=sendonly");
      // A track in no stream ("-", RFC 8830): the page shows nothing of it. Without any msid the
      // browser would put it in a stream called "default", and the page would make it a tile.
      line(sdp, "a=msid:- " + MediaSlot.PROBE_MID);
    } else if (slot.active()) {
      line(sdp, "a=sendonly");
      line(sdp, "a=msid:" + slot.publisherId() + " " + trackId(slot));
    } else {
      line(sdp, "a=inactive");
    }
    line(sdp, "a=rtcp-mux");
    line(sdp, "a=rtcp-rsize");
    for (RtpExtension extension : RtpExtension.values()) {
      if (extension.offeredOn(slot.kind(), slot.uplink(), transport.adaptation())) {
        line(sdp, "a=extmap:" + extension.id + " " + extension.uri);
      }
    }
    if (!audio && slot.uplink() && transport.adaptation()) {
      SIMULCAST_RIDS.forEach(rid -> line(sdp, "a=rid:" + rid + " recv"));
      line(sdp, "a=simulcast:recv " + String.join(";", SIMULCAST_RIDS));
    }
    if (red) {
      line(sdp, "a=rtpmap:" + RED_PT + " red/48000/2");
      // Each block is Opus (RFC 2198 section 5): the primary and one redundant block at least.
      line(sdp, "a=fmtp:" + RED_PT + " " + pt + "/" + pt);
    }
    if (audio) {
      line(sdp, "a=rtpmap:" + pt + " opus/48000/2");
      line(sdp, "a=fmtp:" + pt + " minptime=10;useinbandfec=1");
      transportCc(sdp, pt, transport);
    } else {
      line(sdp, "a=rtpmap:" + pt + " VP8/90000");
      line(sdp, "a=rtcp-fb:" + pt + " nack");
      line(sdp, "a=rtcp-fb:" + pt + " nack pli");
      line(sdp, "a=rtcp-fb:" + pt + " ccm fir");
      transportCc(sdp, pt, transport);
    }
    if (slot.isProbe()) {
      line(sdp, "a=ssrc:" + slot.ssrc() + " cname:" + MediaSlot.PROBE_MID);
    } else if (!slot.uplink() && slot.active()) {
      line(sdp, "a=ssrc:" + slot.ssrc() + " cname:" + slot.publisherId());
      line(sdp, "a=ssrc:" + slot.ssrc() + " msid:" + slot.publisherId() + " " + trackId(slot));
    }
    if (withCandidates) {
      transport.candidates().forEach(c -> line(sdp, "a=" + c));
      line(sdp, "a=end-of-candidates");
    }
  }

  /** Transport-cc feedback for the codec, both ways, when the node adapts to links. */
  private static void transportCc(StringBuilder sdp, int pt, Transport transport) {
    if (transport.adaptation()) {
      line(sdp, "a=rtcp-fb:" + pt + " transport-cc");
    }
  }

  private static String trackId(MediaSlot slot) {
    return slot.publisherId() + "-" + slot.kind();
  }

  private static void line(StringBuilder sdp, String text) {
    sdp.append(text).append("\r\n");
  }
}
