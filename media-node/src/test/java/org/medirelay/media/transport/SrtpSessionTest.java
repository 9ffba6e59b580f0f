package org.medirelay.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;

/**
 * SRTP through jitsi-srtp with keys laid out as DTLS exports them: the server's sends are the
 * client's receives.
 */
class SrtpSessionTest {

  private final PacketPool pool = new PacketPool(8);

  private static SrtpSession[] pair(SrtpProfile profile) {
    byte[] material = new byte[SrtpKeys.exporterLength(profile)];
    new SecureRandom().nextBytes(material);
    return new SrtpSession[] {
      new SrtpSession(SrtpKeys.fromExporter(profile, material, true)),
      new SrtpSession(SrtpKeys.fromExporter(profile, material, false))
    };
  }

  private Packet rtp(int seq) {
    byte[] header =
        HexFormat.of().parseHex("8060" + String.format("%04x", seq) + "00001000" + "0badcafe");
    byte[] payload = new byte[160];
    Arrays.fill(payload, (byte) 7);
    Packet p = pool.take().fill(header, 0, header.length);
    p.append(payload, payload.length);
    return p;
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtpRoundTripsAndTamperingFailsAuthentication(SrtpProfile profile) {
    SrtpSession[] sessions = pair(profile);
    Packet p = rtp(1);
    byte[] plain = Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
    assertThat(sessions[0].encryptRtp(p)).isTrue();
    assertThat(p.getLength()).isGreaterThan(plain.length);
    assertThat(sessions[1].decryptRtp(p)).isTrue();
    assertThat(Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength()))
        .isEqualTo(plain);

    Packet tampered = rtp(2);
    sessions[0].encryptRtp(tampered);
    tampered.getBuffer()[tampered.getOffset() + 20] ^= 1;
    assertThat(sessions[1].decryptRtp(tampered)).isFalse();

    Packet replayed = rtp(3);
    sessions[0].encryptRtp(replayed);
    Packet copy = pool.copyOf(replayed);
    assertThat(sessions[1].decryptRtp(replayed)).isTrue();
    assertThat(sessions[1].decryptRtp(copy)).as("replay").isFalse();
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtcpRoundTripsAndWrongKeysFail(SrtpProfile profile) {
    SrtpSession[] sessions = pair(profile);
    Packet pli = pool.take();
    Rtcp.writePli(pli, 0x11L, 0x22L);
    assertThat(sessions[1].encryptRtcp(pli)).isTrue();
    Packet copy = pool.copyOf(pli);
    assertThat(sessions[0].decryptRtcp(pli)).isTrue();
    assertThat(pli.getLength()).isEqualTo(12);
    assertThat(pli.uint32At(8)).isEqualTo(0x22L);

    SrtpSession stranger = pair(profile)[0];
    assertThat(stranger.decryptRtcp(copy)).isFalse();
  }
}
