package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.turn.TurnTestClient.errorCode;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.RequestedAddressFamilyAttribute;
import org.medirelay.turn.stun.RequestedTransportAttribute;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turn.stun.XorAddressAttribute;
import org.medirelay.turncredential.TurnRestCredential;

/**
 * Requests the server must refuse, each answered with its STUN error and logged in one line an
 * operator understands, at most once per interval.
 */
class TurnServerRefusalsTest {

  @TempDir Path dataDir;

  private TurnConfig.Builder config() {
    return TestConfigs.restOnLoopback(dataDir).allowLoopbackPeers(true);
  }

  @Test
  void aRestUsernameWhoseExpiryOverflowsGets401WithTheReasonAndOneLogLine() throws Exception {
    String overflowing = "9000000000000000000:x";
    try (LogCapture logs = new LogCapture();
        TurnServer server = TurnServer.start(config().build());
        TurnTestClient client =
            new TurnTestClient(
                address(server),
                overflowing,
                TurnRestCredential.passwordFor(TestConfigs.REST_SECRET, overflowing));
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
                address(server),
                expired,
                TurnRestCredential.passwordFor(TestConfigs.REST_SECRET, expired))) {
      StunMessage answer =
          client.request(StunMessageType.ALLOCATE, new RequestedTransportAttribute(17));
      assertThat(answer.get(ErrorCodeAttribute.class).orElseThrow().reason())
          .isEqualTo("Unauthorized: the credential has expired");
    }
  }

  @Test
  void ipv4TranslatedPeersAreJudgedByTheirIpv4Address() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      probe.getLocalPort();
    } catch (SocketException e) {
      Assumptions.abort("no IPv6 loopback on this host");
    }
    try (LogCapture logs = new LogCapture();
        TurnServer server = TurnServer.start(config().relayIp(v6).build());
        TurnTestClient client = restClient(server, "patient-3")) {
      client.request(
          StunMessageType.ALLOCATE,
          new RequestedTransportAttribute(17),
          new RequestedAddressFamilyAttribute(XorAddressAttribute.FAMILY_IPV6));

      // ::ffff:0:a.b.c.d (RFC 2765): the cloud metadata service and a private host, in disguise.
      for (String peer : List.of("::ffff:0:169.254.169.254", "::ffff:0:10.0.0.1")) {
        StunMessage answer =
            client.request(
                StunMessageType.CREATE_PERMISSION,
                XorAddressAttribute.of(
                    AttributeType.XOR_PEER_ADDRESS,
                    new InetSocketAddress(InetAddress.getByName(peer), 80)));
        assertThat(errorCode(answer)).as(peer).isEqualTo(403);
      }
      assertThat(server.metrics().deniedPeers.sum()).isEqualTo(2);
      assertThat(logs.lines("refused"))
          .singleElement()
          .asString()
          .contains("ffff:0:a9fe:a9fe]:80 refused for", "special-purpose", "403");
      StunMessage publicPeer =
          client.request(
              StunMessageType.CREATE_PERMISSION,
              XorAddressAttribute.of(
                  AttributeType.XOR_PEER_ADDRESS,
                  new InetSocketAddress(InetAddress.getByName("::ffff:0:8.8.8.8"), 80)));
      assertThat(publicPeer.messageClass()).isEqualTo(StunMessageType.SUCCESS);
    }
  }

  @Test
  void theExternalAddressWithTheServersOwnPortsIsNeverAPeer() throws Exception {
    InetAddress external = InetAddress.getByName("127.0.0.5");
    try (TurnServer server =
            TurnServer.start(
                config().externalIp(new TurnConfig.ExternalIp(external, null)).build());
        TurnTestClient client = restClient(server, "patient-4")) {
      client.allocate();

      StunMessage toListener =
          client.request(
              StunMessageType.CREATE_PERMISSION,
              XorAddressAttribute.of(
                  AttributeType.XOR_PEER_ADDRESS,
                  new InetSocketAddress(external, server.udpPort())));
      StunMessage toOtherPort =
          client.request(
              StunMessageType.CREATE_PERMISSION,
              XorAddressAttribute.of(
                  AttributeType.XOR_PEER_ADDRESS, new InetSocketAddress(external, 40001)));

      assertThat(errorCode(toListener)).isEqualTo(403);
      assertThat(toOtherPort.messageClass())
          .as("another allocation's relay behind the same address stays a peer")
          .isEqualTo(StunMessageType.SUCCESS);
    }
  }

  static TurnTestClient restClient(TurnServer server, String userId) throws Exception {
    TurnRestCredential credential = TestConfigs.credential(userId);
    return new TurnTestClient(address(server), credential.username(), credential.password());
  }

  static InetSocketAddress address(TurnServer server) throws Exception {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort());
  }
}
