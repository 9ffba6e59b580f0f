package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.turn.TurnTestClient.errorCode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.RequestedTransportAttribute;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turncredential.TurnRestCredential;

/**
 * Requests the server must refuse, each answered with its STUN error and logged in one line an
 * operator understands, at most once per interval.
 */
class TurnServerRefusalsTest {

  private static final String SECRET = "a-rest-secret-of-some-length";

  @TempDir Path dataDir;

  private TurnConfig.Builder config() {
    return TurnConfig.builder()
        .listeningIp(InetAddress.getLoopbackAddress())
        .listeningPort(0)
        .tcp(false)
        .tls(false)
        .relayIp(InetAddress.getLoopbackAddress())
        .portRange(40000, 60000)
        .useAuthSecret(true)
        .staticAuthSecret(SECRET)
        .allowLoopbackPeers(true)
        .dataDir(dataDir);
  }

  @Test
  void aRestUsernameWhoseExpiryOverflowsGets401WithTheReasonAndOneLogLine() throws Exception {
    String overflowing = "9000000000000000000:x";
    try (LogCapture logs = new LogCapture();
        TurnServer server = TurnServer.start(config().build());
        TurnTestClient client =
            new TurnTestClient(
                address(server), overflowing, TurnRestCredential.passwordFor(SECRET, overflowing));
        TurnTestClient doctor = restClient(server, "doctor-1")) {
      StunMessage first = client.allocate();
      StunMessage second = client.allocate();
      StunMessage third = client.allocate();

      for (StunMessage answer : List.of(first, second, third)) {
        assertThat(errorCode(answer)).isEqualTo(401);
        assertThat(answer.get(ErrorCodeAttribute.class).orElseThrow().reason())
            .isEqualTo("Unauthorized: the username's expiry is out of range");
      }
      assertThat(logs.lines("authentication failed"))
          .singleElement()
          .asString()
          .contains("as '9000000000000000000:x'", "expiry is out of range", "answered 401");
      assertThat(logs.stackTraces()).isZero();
      assertThat(doctor.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
    }
  }

  @Test
  void anExpiredRestCredentialIsToldSo() throws Exception {
    String expired = (Instant.now().getEpochSecond() - 60) + ":patient-7";
    try (TurnServer server = TurnServer.start(config().build());
        TurnTestClient client =
            new TurnTestClient(
                address(server), expired, TurnRestCredential.passwordFor(SECRET, expired))) {
      StunMessage answer =
          client.request(StunMessageType.ALLOCATE, new RequestedTransportAttribute(17));
      assertThat(answer.get(ErrorCodeAttribute.class).orElseThrow().reason())
          .isEqualTo("Unauthorized: the credential has expired");
    }
  }

  static TurnTestClient restClient(TurnServer server, String userId) throws Exception {
    TurnRestCredential credential =
        TurnRestCredential.issue(SECRET, userId, Instant.now().plusSeconds(3600));
    return new TurnTestClient(address(server), credential.username(), credential.password());
  }

  static InetSocketAddress address(TurnServer server) throws Exception {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort());
  }
}
