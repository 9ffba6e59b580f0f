package org.medirelay.media;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.transport.DtlsCertificate;
import org.medirelay.media.transport.DtlsSession;
import org.medirelay.media.transport.SrtpSession;

/**
 * A participant without a browser that really carries media: it joins over signaling, answers the
 * node's offer, does ICE (as the controlled agent, {@link StunMessages}), DTLS as the client (the
 * node's own {@link DtlsSession}) and SRTP, sends RTP and RTCP, and counts the RTP it receives,
 * telling fresh packets from ones it already had (retransmissions). One UDP socket on loopback.
 */
final class MediaPeer implements AutoCloseable {

  private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
  private static final Pattern PASSWORD = Pattern.compile("a=ice-pwd:(\\S+)");
  private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:sha-256 (\\S+)");
  private static final Pattern HOST =
      Pattern.compile("a=candidate:\\S+ 1 udp \\d+ (\\S+) (\\d+) typ host");
  private static final SecureRandom RANDOM = new SecureRandom();

  final SignalingClient signaling;
  private final DatagramSocket socket;
  private final String ufrag = token(8);
  private final String password = token(24);
  private final DtlsCertificate certificate = DtlsCertificate.generate();
  private final PacketPool pool = new PacketPool(256);
  private final CompletableFuture<SrtpSession> srtp = new CompletableFuture<>();
  private final Thread receiver;
  private volatile InetSocketAddress node;
  private volatile DtlsSession dtls;
  private volatile boolean closed;
  private int videoSequence;
  private int audioSequence;
  private volatile String id;

  private final BitSet seen = new BitSet(1 << 16);
  private final AtomicLong freshPackets = new AtomicLong();
  private final AtomicLong freshBytes = new AtomicLong();
  private final AtomicLong repeatedBytes = new AtomicLong();

  MediaPeer(String signalingUrl) throws Exception {
    signaling = new SignalingClient(signalingUrl);
    socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    socket.setReceiveBufferSize(4 << 20);
    receiver = new Thread(this::receive, "media-peer-" + ufrag);
    receiver.setDaemon(true);
    receiver.start();
  }

  /**
   * Joins {@code sessionId}, answers the first offer (publishing {@code videoSsrc} and {@code
   * audioSsrc} when it has an uplink) and returns once DTLS-SRTP is up.
   */
  void join(String sessionId, String joinToken, long audioSsrc, long videoSsrc) throws Exception {
    signaling.join(sessionId, joinToken);
    id = signaling.next("joined").path("self").path("id").asText();
    connect(signaling.next("offer"), audioSsrc, videoSsrc);
  }

  /**
   * Prepares the media transport for {@code sessionId} as a page does during its device check:
   * answers the node's first offer (sending {@code audioSsrc} and {@code videoSsrc} there) and
   * returns once DTLS-SRTP is up, without joining. Returns that offer.
   */
  JsonNode prepare(String sessionId, String joinToken, long audioSsrc, long videoSsrc)
      throws Exception {
    signaling.send(
        "{\"type\":\"prepare\",\"sessionId\":\""
            + sessionId
            + "\",\"token\":\""
            + joinToken
            + "\"}");
    JsonNode offer = signaling.next("offer");
    connect(offer, audioSsrc, videoSsrc);
    return offer;
  }

  /** Joins on the prepared transport: the node's {@code joined}; the offer that follows is left. */
  JsonNode joinPrepared(String sessionId, String joinToken) throws Exception {
    signaling.join(sessionId, joinToken);
    JsonNode joined = signaling.next("joined");
    id = joined.path("self").path("id").asText();
    return joined;
  }

  /** Answers the next offer on the transport already up; returns the offer. */
  JsonNode answerNextOffer(long audioSsrc, long videoSsrc) throws Exception {
    JsonNode offer = signaling.next("offer");
    signaling.send(AnswerSdp.answerTo(offer, audioSsrc, videoSsrc, transport(null)));
    return offer;
  }

  private AnswerSdp.Transport transport(String candidate) {
    return new AnswerSdp.Transport(ufrag, password, certificate.fingerprint(), candidate);
  }

  /** Answers the node's first offer, then does ICE and DTLS with it. */
  private void connect(JsonNode offer, long audioSsrc, long videoSsrc) throws Exception {
    String sdp = offer.path("sdp").asText();
    Matcher host = matched(HOST, sdp);
    node = new InetSocketAddress(host.group(1), Integer.parseInt(host.group(2)));
    String candidate =
        "candidate:1 1 udp 2130706431 127.0.0.1 " + socket.getLocalPort() + " typ host";
    signaling.send(AnswerSdp.answerTo(offer, audioSsrc, videoSsrc, transport(candidate)));
    byte[] check =
        StunMessages.bindingRequest(
            matched(UFRAG, sdp).group(1) + ":" + ufrag,
            matched(PASSWORD, sdp).group(1),
            RANDOM.nextLong());
    // Our check makes the node's port route our address to this participant; then DTLS can start.
    send(check, 0, check.length);
    dtls =
        new DtlsSession(
            certificate,
            this::send,
            new DtlsSession.Listener() {
              @Override
              public void dtlsConnected(SrtpSession session) {
                srtp.complete(session);
              }

              @Override
              public void dtlsFailed(String why) {
                srtp.completeExceptionally(new IllegalStateException(why));
              }
            },
            "peer-" + ufrag);
    dtls.startClient(matched(FINGERPRINT, sdp).group(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!srtp.isDone() && System.nanoTime() < deadline) {
      send(check, 0, check.length);
      Thread.sleep(100);
    }
    srtp.get(1, TimeUnit.SECONDS);
  }

  /** Sends the next packet of a video stream: {@code payload} bytes after a 12-byte header. */
  void sendVideo(long ssrc, int payload) throws IOException {
    int sequence = videoSequence++;
    sendRtp(ssrc, 96, sequence, videoSequence * 3000L, payload);
  }

  /** Sends the next packet of an audio stream (Opus's payload type): 20 ms of {@code payload}. */
  void sendAudio(long ssrc, int payload) throws IOException {
    int sequence = audioSequence++;
    sendRtp(ssrc, 111, sequence, audioSequence * 960L, payload);
  }

  private void sendRtp(long ssrc, int payloadType, int sequence, long timestamp, int payload)
      throws IOException {
    Packet p = pool.take();
    p.setOffsetLength(Packet.HEADROOM, 12 + payload);
    p.putUint16(0, 0x8000 | payloadType);
    p.putUint16(2, sequence & 0xFFFF);
    p.putUint32(4, timestamp);
    p.putUint32(8, ssrc);
    sendEncrypted(p, srtpSession().encryptRtp(p));
  }

  /** The node's id for this participant, from its {@code joined}. */
  String id() {
    return id;
  }

  /** Sends a compound RTCP packet, encrypted as SRTCP. */
  void sendRtcp(byte[] plain) throws IOException {
    Packet p = pool.take().fill(plain, 0, plain.length);
    sendEncrypted(p, srtpSession().encryptRtcp(p));
  }

  private void sendEncrypted(Packet p, boolean encrypted) throws IOException {
    try {
      if (!encrypted) {
        throw new IOException("SRTP refused to encrypt");
      }
      send(p.getBuffer(), p.getOffset(), p.getLength());
    } finally {
      p.release();
    }
  }

  /** RTP packets received for the first time, and their bytes (as they came, encrypted). */
  long freshPackets() {
    return freshPackets.get();
  }

  long freshBytes() {
    return freshBytes.get();
  }

  /** Bytes of RTP packets received again (retransmissions). */
  long repeatedBytes() {
    return repeatedBytes.get();
  }

  /** The highest sequence number received so far, or -1. */
  synchronized int highestSequence() {
    return seen.length() - 1;
  }

  private SrtpSession srtpSession() {
    return srtp.getNow(null);
  }

  private void send(byte[] buf, int off, int len) throws IOException {
    socket.send(new DatagramPacket(buf, off, len, node));
  }

  /** Answers the node's checks, hands DTLS to the session, counts RTP. */
  private void receive() {
    byte[] buf = new byte[2048];
    DatagramPacket datagram = new DatagramPacket(buf, buf.length);
    while (!closed) {
      try {
        datagram.setLength(buf.length);
        socket.receive(datagram);
        int length = datagram.getLength();
        int first = buf[0] & 0xFF;
        if (first < 4 && StunMessages.type(buf, length) == StunMessages.BINDING_REQUEST) {
          byte[] answer =
              StunMessages.bindingSuccess(
                  Arrays.copyOf(buf, length),
                  (InetSocketAddress) datagram.getSocketAddress(),
                  password);
          send(answer, 0, answer.length);
        } else if (first >= 20 && first <= 63 && dtls != null) {
          dtls.offer(pool.take().fill(buf, 0, length));
        } else if (first >= 128 && first <= 191 && !isRtcp(buf[1] & 0xFF)) {
          rtp(((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF), length);
        }
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        // a lost datagram; keep listening
      }
    }
  }

  /** RTCP packet types 192–223 never collide with RTP's payload types (RFC 5761 section 4). */
  private static boolean isRtcp(int secondByte) {
    return secondByte >= 192 && secondByte <= 223;
  }

  private synchronized void rtp(int sequence, int length) {
    if (seen.get(sequence)) {
      repeatedBytes.addAndGet(length);
    } else {
      seen.set(sequence);
      freshPackets.incrementAndGet();
      freshBytes.addAndGet(length);
    }
  }

  private static Matcher matched(Pattern pattern, String sdp) {
    Matcher m = pattern.matcher(sdp);
    if (!m.find()) {
      throw new AssertionError("the offer has no " + pattern);
    }
    return m;
  }

  private static String token(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
    if (dtls != null) {
      dtls.close();
    }
    signaling.close();
  }
}
