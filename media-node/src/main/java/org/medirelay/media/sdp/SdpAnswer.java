package org.medirelay.media.sdp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medirelay.media.packet.RtpExtension;

/**
 * What the node needs from a browser's answer: ICE credentials and candidates, the DTLS fingerprint
 * and role, whether BUNDLE and rtcp-mux were accepted, and the SSRC each sending m-section will
 * use.
 */
public record SdpAnswer(
    String iceUfrag,
    String icePassword,
    String fingerprint,
    String setup,
    boolean bundled,
    boolean rtcpMux,
    List<String> candidates,
    Map<String, Section> sections) {

  /**
   * One m-section: its direction as the browser answered it, the first SSRC it declared (0 if
   * none), the rids of the simulcast layers it agreed to send, in its {@code a=simulcast:send}
   * order (empty without simulcast), the payload types its {@code m=} line accepts, in its order,
   * and the node's header extensions it kept ({@code a=extmap} with the offered ID and URI).
   */
  public record Section(
      String mid,
      String kind,
      String direction,
      long ssrc,
      List<String> rids,
      List<Integer> payloadTypes,
      Set<RtpExtension> extensions) {

    /** Whether the browser accepted payload type {@code pt} here. */
    public boolean accepts(int pt) {
      return payloadTypes.contains(pt);
    }

    /**
     * Whether the browser reads {@code extension} in this m-section's packets. Firefox, for one,
     * keeps transport-cc on video only: audio sent to it with the element would never be in its
     * feedback, and would count as lost.
     */
    public boolean accepts(RtpExtension extension) {
      return extensions.contains(extension);
    }
  }

  /** More layers than any browser sends: a longer list is cut, so an answer cannot grow state. */
  private static final int MAX_RIDS = 4;

  /** More payload types than an m-line of ours can be answered with: the rest are ignored. */
  private static final int MAX_PAYLOAD_TYPES = 16;

  /**
   * Thrown when the answer lacks something the node cannot work without; the message is fit for the
   * person.
   */
  public static final class InvalidAnswerException extends Exception {
    public InvalidAnswerException(String message) {
      super(message);
    }
  }

  public static SdpAnswer parse(String sdp) throws InvalidAnswerException {
    if (sdp == null || sdp.length() > 64 * 1024) {
      throw new InvalidAnswerException("missing or oversized answer");
    }
    String ufrag = null;
    String pwd = null;
    String fingerprint = null;
    String setup = null;
    boolean bundled = false;
    boolean rtcpMux = false;
    List<String> candidates = new ArrayList<>();
    Map<String, Section> sections = new LinkedHashMap<>();
    List<String> media = null; // the lines of the m-section being read
    for (String raw : sdp.split("\r?\n")) {
      String line = raw.strip();
      if (line.startsWith("m=")) {
        if (media != null) {
          rtcpMux |= addSection(sections, media);
        }
        media = new ArrayList<>();
      }
      if (media != null) {
        media.add(line);
      }
      if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
        ufrag = line.substring("a=ice-ufrag:".length());
      } else if (line.startsWith("a=ice-pwd:") && pwd == null) {
        pwd = line.substring("a=ice-pwd:".length());
      } else if (line.startsWith("a=fingerprint:") && fingerprint == null) {
        String[] parts = line.substring("a=fingerprint:".length()).split(" ");
        if (parts.length == 2 && "sha-256".equalsIgnoreCase(parts[0])) {
          fingerprint = parts[1];
        }
      } else if (line.startsWith("a=setup:") && setup == null) {
        setup = line.substring("a=setup:".length());
      } else if (line.startsWith("a=group:BUNDLE ")) {
        bundled = true;
      } else if (line.startsWith("a=candidate:")) {
        candidates.add(line.substring(2));
      }
    }
    if (media != null) {
      rtcpMux |= addSection(sections, media);
    }
    if (ufrag == null || pwd == null) {
      throw new InvalidAnswerException("the answer has no ICE credentials");
    }
    if (fingerprint == null) {
      throw new InvalidAnswerException("the answer has no sha-256 DTLS fingerprint");
    }
    if (sections.isEmpty()) {
      throw new InvalidAnswerException("the answer has no media sections");
    }
    return new SdpAnswer(
        ufrag,
        pwd,
        fingerprint,
        setup == null ? "active" : setup,
        bundled,
        rtcpMux,
        List.copyOf(candidates),
        Map.copyOf(sections));
  }

  /**
   * Reads one m-section ({@code lines}, from its {@code m=} line on) into {@code sections}; true
   * when it accepted rtcp-mux.
   */
  private static boolean addSection(Map<String, Section> sections, List<String> lines)
      throws InvalidAnswerException {
    String mLine = lines.get(0);
    String mid = null;
    String direction = "sendrecv";
    long ssrc = 0;
    boolean mux = false;
    List<String> simulcastSend = List.of();
    List<String> ridsSent = new ArrayList<>();
    Set<RtpExtension> extensions = EnumSet.noneOf(RtpExtension.class);
    for (String line : lines) {
      if (line.equals("a=rtcp-mux")) {
        mux = true;
      } else if (line.startsWith("a=mid:")) {
        mid = line.substring("a=mid:".length());
      } else if (line.equals("a=sendrecv")
          || line.equals("a=sendonly")
          || line.equals("a=recvonly")
          || line.equals("a=inactive")) {
        direction = line.substring(2);
      } else if (line.startsWith("a=extmap:")) {
        extension(line).ifPresent(extensions::add);
      } else if (line.startsWith("a=ssrc:") && ssrc == 0) {
        ssrc = parseSsrc(line);
      } else if (line.startsWith("a=simulcast:send ")) {
        simulcastSend = simulcastStreams(line.substring("a=simulcast:send ".length()));
      } else if (line.startsWith("a=rid:")
          && line.endsWith(" send")
          && ridsSent.size() < MAX_RIDS) {
        ridsSent.add(line.substring("a=rid:".length(), line.indexOf(' ')));
      }
    }
    if (mid == null) {
      throw new InvalidAnswerException("an m-section has no mid");
    }
    String kind = mLine.substring(2).split(" ")[0];
    sections.put(
        mid,
        new Section(
            mid,
            kind,
            direction,
            ssrc,
            rids(simulcastSend, ridsSent),
            payloadTypes(mLine),
            Set.copyOf(extensions)));
    return mux;
  }

  /**
   * The node's extension an {@code a=extmap:ID[/direction] URI} line keeps: the ID and URI the node
   * offered (an answer cannot choose others); empty for anything else.
   */
  private static Optional<RtpExtension> extension(String line) {
    String[] fields = line.substring("a=extmap:".length()).split(" ");
    if (fields.length < 2) {
      return Optional.empty();
    }
    String id = fields[0].split("/")[0];
    for (RtpExtension extension : RtpExtension.values()) {
      if (id.equals(String.valueOf(extension.id)) && fields[1].equals(extension.uri)) {
        return Optional.of(extension);
      }
    }
    return Optional.empty();
  }

  /**
   * The payload types of an {@code m=} line ({@code m=audio 9 UDP/TLS/RTP/SAVPF 63 111}), at most
   * {@link #MAX_PAYLOAD_TYPES}; what is not a number from 0 to 127 is skipped.
   */
  private static List<Integer> payloadTypes(String mLine) {
    String[] fields = mLine.split(" ");
    List<Integer> types = new ArrayList<>();
    for (int i = 3; i < fields.length && types.size() < MAX_PAYLOAD_TYPES; i++) {
      String field = fields[i];
      if (!field.isEmpty()
          && field.length() <= 3
          && field.chars().allMatch(c -> c >= '0' && c <= '9')) {
        int pt = Integer.parseInt(field);
        if (pt <= 127) {
          types.add(pt);
        }
      }
    }
    return List.copyOf(types);
  }

  /**
   * The first rid of each stream in an {@code a=simulcast} list (RFC 8853 section 5.1: streams
   * split by {@code ;}, alternatives by {@code ,}, a paused one starts with {@code ~}), at most
   * {@link #MAX_RIDS}.
   */
  private static List<String> simulcastStreams(String list) {
    List<String> rids = new ArrayList<>();
    for (String stream : list.strip().split(" ")[0].split(";")) {
      // limit -1: a stream of only commas (",") still has a first, empty, alternative
      String rid = stream.split(",", -1)[0];
      rid = rid.startsWith("~") ? rid.substring(1) : rid;
      if (!rid.isEmpty() && rids.size() < MAX_RIDS) {
        rids.add(rid);
      }
    }
    return rids;
  }

  /** The simulcast streams that also have an {@code a=rid:… send} line, in simulcast order. */
  private static List<String> rids(List<String> simulcastSend, List<String> ridsSent) {
    return simulcastSend.stream().filter(ridsSent::contains).distinct().toList();
  }

  private static long parseSsrc(String line) {
    int end = line.indexOf(' ');
    try {
      long value =
          Long.parseLong(line.substring("a=ssrc:".length(), end < 0 ? line.length() : end));
      return value > 0 && value <= 0xFFFFFFFFL ? value : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
