package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * The NACK amplification attack against a running node, with real ICE, DTLS and SRTP: a subscriber
 * floods SRTCP NACKs naming its whole stream over and over, while another session on the node goes
 * on. The flood gets at most the retransmission budget, and the other session keeps its media.
 */
class NackFloodTest {

  private static final Set<Grant> BOTH = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);
  private static final Set<Grant> WATCH = EnumSet.of(Grant.SUBSCRIBE);
  private static final long FLOODED_VIDEO = 0x1111_0002L;
  private static final long CALM_VIDEO = 0x2222_0002L;
  private static final int PAYLOAD = 1000;

  /** As in the report: 200 NACKs a second of 297 × (PID, BLP 0xFFFF); here for two seconds. */
  private static final int NACKS = 400;

  private static final int NACK_INTERVAL_MILLIS = 5;

  @Test
  void aNackFloodGetsAtMostTheBudgetAndAnotherSessionKeepsItsMedia() throws Exception {
    ScheduledExecutorService publishers = Executors.newSingleThreadScheduledExecutor();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer);
        MediaPeer doctor = new MediaPeer(node.signalingUrl());
        MediaPeer attacker = new MediaPeer(node.signalingUrl());
        MediaPeer otherDoctor = new MediaPeer(node.signalingUrl());
        MediaPeer otherPatient = new MediaPeer(node.signalingUrl())) {
      doctor.join("s-flood", issuer.token("s-flood", "Doctor", BOTH), 0x1111_0001L, FLOODED_VIDEO);
      attacker.join("s-flood", issuer.token("s-flood", "Mallory", WATCH), 0, 0);
      otherDoctor.join("s-calm", issuer.token("s-calm", "Dr B", BOTH), 0x2222_0001L, CALM_VIDEO);
      otherPatient.join("s-calm", issuer.token("s-calm", "Pat", WATCH), 0, 0);

      // Both publishers send 100 video packets a second.
      AtomicLong calmSent = new AtomicLong();
      publishers.scheduleAtFixedRate(
          () -> {
            try {
              doctor.sendVideo(FLOODED_VIDEO, PAYLOAD);
              otherDoctor.sendVideo(CALM_VIDEO, PAYLOAD);
              calmSent.incrementAndGet();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      awaitAtLeast(attacker, 100);
      awaitAtLeast(otherPatient, 100);

      long calmSentBefore = calmSent.get();
      long calmReceivedBefore = otherPatient.freshPackets();
      long flooding = System.nanoTime();
      for (int i = 0; i < NACKS; i++) {
        attacker.sendRtcp(nackForTheWholeCache(attacker.highestSequence()));
        Thread.sleep(NACK_INTERVAL_MILLIS);
      }
      double floodSeconds = (System.nanoTime() - flooding) / 1e9;
      Thread.sleep(500);
      long calmSentDuring = calmSent.get() - calmSentBefore;
      long calmReceivedDuring = otherPatient.freshPackets() - calmReceivedBefore;
      publishers.shutdownNow();

      long resent = attacker.repeatedBytes();
      long stream = attacker.freshBytes();
      System.out.printf(
          "NACK flood: %d NACKs in %.1f s; the attacker was sent %d bytes of its stream and %d bytes"
              + " of retransmissions; the other session's subscriber got %d of %d packets sent"
              + " meanwhile%n",
          NACKS, floodSeconds, stream, resent, calmReceivedDuring, calmSentDuring);
      // The budget: 64 KiB, plus a quarter of the stream (the node counts it before SRTP's tag).
      assertThat(resent).isLessThanOrEqualTo(64 * 1024 + stream / 4 + 2 * PAYLOAD);
      assertThat(calmReceivedDuring).isGreaterThanOrEqualTo(calmSentDuring * 95 / 100);
      String metrics = node.metrics().scrape();
      assertThat(metrics)
          .containsPattern(
              "medirelay_media_rtp_retransmit_refused_total\\{reason=\"repeat\",?\\} [1-9]");
    } finally {
      publishers.shutdownNow();
    }
  }

  /**
   * A generic NACK (RFC 4585 section 6.2.1) for the 512 packets up to {@code highest}: 30 entries
   * of (PID, BLP 0xFFFF) cover them, repeated to 297 entries (1200 bytes, 1214 once SRTCP is
   * added).
   */
  private static byte[] nackForTheWholeCache(int highest) {
    int entries = 297;
    ByteBuffer b = ByteBuffer.allocate(12 + 4 * entries);
    b.put((byte) 0x81).put((byte) 205).putShort((short) (2 + entries));
    b.putInt(0x0bad_cafe).putInt((int) FLOODED_VIDEO);
    for (int i = 0; i < entries; i++) {
      b.putShort((short) (highest - 510 + 17 * (i % 30))).putShort((short) 0xFFFF);
    }
    return b.array();
  }

  private static void awaitAtLeast(MediaPeer peer, long packets) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (peer.freshPackets() < packets && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(peer.freshPackets())
        .as("media reaches the subscriber")
        .isGreaterThanOrEqualTo(packets);
  }
}
