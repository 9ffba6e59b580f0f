package org.medirelay.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Answers to the node's offers as a browser writes them, for tests without a browser: the uplink
 * sections send (with the given SSRCs), every active forwarded section receives.
 */
final class AnswerSdp {

  /** The ICE credentials, DTLS fingerprint and candidates an answer announces. */
  record Transport(String ufrag, String password, String fingerprint, String candidate) {}

  private AnswerSdp() {}

  /** The {@code answer} message for {@code offer}; {@code candidate} may be null. */
  static String answerTo(JsonNode offer, long audioSsrc, long videoSsrc, Transport transport) {
    String offerSdp = offer.path("sdp").asText();
    StringBuilder sdp =
        new StringBuilder(
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE x\r\n");
    String[] sections = offerSdp.split("\r\nm=");
    for (int i = 1; i < sections.length; i++) {
      String section = sections[i];
      String kind = section.substring(0, section.indexOf(' '));
      String mid = section.replaceAll("(?s).*a=mid:(\\S+).*", "$1");
      String direction =
          section.contains("a=recvonly")
              ? "sendonly"
              : section.contains("a=sendonly") ? "recvonly" : "inactive";
      sdp.append("m=")
          .append(kind)
          .append(" 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:")
          .append(mid)
          .append("\r\na=")
          .append(direction)
          .append("\r\na=rtcp-mux\r\n");
      if (i == 1) {
        sdp.append("a=ice-ufrag:")
            .append(transport.ufrag())
            .append("\r\na=ice-pwd:")
            .append(transport.password())
            .append("\r\na=setup:active\r\na=fingerprint:sha-256 ")
            .append(transport.fingerprint())
            .append("\r\n");
        if (transport.candidate() != null) {
          sdp.append("a=").append(transport.candidate()).append("\r\n");
        }
      }
      if (direction.equals("sendonly")) {
        sdp.append("a=ssrc:")
            .append(kind.equals("audio") ? audioSsrc : videoSsrc)
            .append(" cname:x\r\n");
      }
    }
    return "{\"type\":\"answer\",\"version\":"
        + offer.path("version").asLong()
        + ",\"sdp\":"
        + TextNode.valueOf(sdp.toString())
        + "}";
  }
}
