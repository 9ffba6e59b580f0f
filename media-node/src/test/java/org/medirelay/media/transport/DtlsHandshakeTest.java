package org.medirelay.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;

/**
 * Our DTLS server and client roles against each other over an in-memory datagram link: both accept
 * only the certificate the (simulated) SDP announced, and the exported SRTP keys line up (one
 * side's send keys are the other's receive keys).
 */
class DtlsHandshakeTest {

  private final PacketPool pool = new PacketPool(64);

  private static final class Outcome implements DtlsSession.Listener {
    final CompletableFuture<SrtpSession> result = new CompletableFuture<>();

    @Override
    public void dtlsConnected(SrtpSession srtp) {
      result.complete(srtp);
    }

    @Override
    public void dtlsFailed(String why) {
      result.completeExceptionally(new IllegalStateException(why));
    }
  }

  private DtlsSession[] link(
      DtlsCertificate a, Outcome aOutcome, DtlsCertificate b, Outcome bOutcome) {
    DtlsSession[] sessions = new DtlsSession[2];
    sessions[0] =
        new DtlsSession(
            a,
            (buf, off, len) -> sessions[1].offer(pool.take().fill(buf, off, len)),
            aOutcome,
            "a");
    sessions[1] =
        new DtlsSession(
            b,
            (buf, off, len) -> sessions[0].offer(pool.take().fill(buf, off, len)),
            bOutcome,
            "b");
    return sessions;
  }

  @Test
  void serverAndClientAgreeOnSrtpKeysWhenFingerprintsMatch() throws Exception {
    DtlsCertificate serverCert = DtlsCertificate.generate();
    DtlsCertificate clientCert = DtlsCertificate.generate();
    Outcome server = new Outcome();
    Outcome client = new Outcome();
    DtlsSession[] sessions = link(serverCert, server, clientCert, client);
    try {
      sessions[0].startServer(clientCert.fingerprint());
      sessions[1].startClient(serverCert.fingerprint().toLowerCase());
      SrtpSession serverSrtp = server.result.get(20, TimeUnit.SECONDS);
      SrtpSession clientSrtp = client.result.get(20, TimeUnit.SECONDS);
      assertThat(serverSrtp.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);

      byte[] rtp = HexFormat.of().parseHex("806f0001000000100000abcd" + "00112233445566778899");
      Packet p = pool.take().fill(rtp, 0, rtp.length);
      assertThat(serverSrtp.encryptRtp(p)).isTrue();
      assertThat(clientSrtp.decryptRtp(p)).isTrue();
      Packet back = pool.take().fill(rtp, 0, rtp.length);
      assertThat(clientSrtp.encryptRtp(back)).isTrue();
      assertThat(serverSrtp.decryptRtp(back)).isTrue();
    } finally {
      sessions[0].close();
      sessions[1].close();
    }
  }

  @Test
  void aCertificateThatIsNotTheAnnouncedOneFailsTheHandshake() throws Exception {
    DtlsCertificate serverCert = DtlsCertificate.generate();
    DtlsCertificate clientCert = DtlsCertificate.generate();
    DtlsCertificate someoneElse = DtlsCertificate.generate();
    Outcome server = new Outcome();
    Outcome client = new Outcome();
    DtlsSession[] sessions = link(serverCert, server, clientCert, client);
    try {
      sessions[0].startServer(someoneElse.fingerprint());
      sessions[1].startClient(serverCert.fingerprint());
      assertThat(server.result).failsWithin(20, TimeUnit.SECONDS);
      assertThat(client.result).failsWithin(20, TimeUnit.SECONDS);
    } finally {
      sessions[0].close();
      sessions[1].close();
    }
  }
}
