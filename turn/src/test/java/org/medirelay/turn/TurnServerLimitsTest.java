package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.turn.TurnTestClient.channelData;
import static org.medirelay.turn.TurnTestClient.errorCode;
import static org.medirelay.turn.TurnTestClient.relayed;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ChannelNumberAttribute;
import org.medirelay.turn.stun.NonceAttribute;
import org.medirelay.turn.stun.RequestedAddressFamilyAttribute;
import org.medirelay.turn.stun.RequestedTransportAttribute;
import org.medirelay.turn.stun.StunDecoder;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * Limits and families, each on a server configured for it: 401 rate, total quota, bandwidth cap,
 * IPv6 relays.
 */
class TurnServerLimitsTest {

  @TempDir Path dataDir;

  private TurnConfig.Builder config() {
    return LoopbackConfig.builder(dataDir)
        .tcp(false)
        .tls(false)
        .user("alice", "wonderland")
        .user("bob", "builder")
        .allowLoopbackPeers(true);
  }

  @Test
  void unauthorizedAnswersAreRateLimitedPerSource() throws Exception {
    try (TurnServer server = TurnServer.start(config().unauthorizedRate(2).build());
        TurnTestClient client = new TurnTestClient(address(server), "alice", "wonderland")) {
      byte[] unauthenticated = unauthenticatedAllocate();
      for (int i = 0; i < 20; i++) {
        client.send(unauthenticated);
      }
      int answers = 0;
      while (client.receive(300) != null) {
        answers++;
      }
      assertThat(answers).isBetween(1, 6);
      assertThat(server.metrics().unauthorizedDropped.sum()).isGreaterThanOrEqualTo(14);
    }
  }

  @Test
  void aFloodingHostLeavesItsNeighbourBehindTheSameAddressItsNonce() throws Exception {
    try (TurnServer server = TurnServer.start(config().build());
        TurnTestClient flooder = new TurnTestClient(address(server), "alice", "wonderland");
        TurnTestClient neighbour = new TurnTestClient(address(server), "bob", "builder")) {
      byte[] unauthenticated = unauthenticatedAllocate();
      for (int i = 0; i < 1000; i++) {
        flooder.send(unauthenticated);
      }
      neighbour.send(unauthenticatedAllocate());
      byte[] answer = neighbour.receive(1000);
      int flooderAnswers = 0;
      while (flooder.receive(300) != null) {
        flooderAnswers++;
      }

      assertThat(answer).as("the neighbour's 401").isNotNull();
      StunMessage challenge = StunDecoder.decode(answer);
      assertThat(flooderAnswers).isBetween(1, 6);
      assertThat(errorCode(challenge)).isEqualTo(401);
      assertThat(challenge.get(NonceAttribute.class)).isPresent();
      neighbour.learn(challenge);
      assertThat(neighbour.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
    }
  }

  @Test
  void aFloodOverManyPortsIsStillBoundedByTheAddresssBudget() throws Exception {
    List<TurnTestClient> ports = new ArrayList<>();
    try (TurnServer server = TurnServer.start(config().unauthorizedRate(20).build())) {
      for (int i = 0; i < 200; i++) {
        ports.add(new TurnTestClient(address(server), "alice", "wonderland"));
      }
      for (TurnTestClient port : ports) {
        port.send(unauthenticatedAllocate());
      }
      int answers = 0;
      for (TurnTestClient port : ports) {
        answers += port.receive(answers == 0 ? 1000 : 20) == null ? 0 : 1;
      }
      // A burst of 40 and 20 a second while the 200 requests arrive.
      assertThat(answers).isBetween(40, 60);
      assertThat(server.metrics().unauthorizedDropped.sum()).isEqualTo(200 - answers);
    } finally {
      ports.forEach(TurnTestClient::close);
    }
  }

  private static byte[] unauthenticatedAllocate() {
    return TurnTestClient.unsigned(StunMessageType.ALLOCATE, new RequestedTransportAttribute(17));
  }

  @Test
  void theTotalQuotaCountsEveryUser() throws Exception {
    try (TurnServer server = TurnServer.start(config().totalQuota(1).build());
        TurnTestClient alice = new TurnTestClient(address(server), "alice", "wonderland");
        TurnTestClient bob = new TurnTestClient(address(server), "bob", "builder")) {
      assertThat(alice.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
      assertThat(errorCode(bob.allocate())).isEqualTo(486);
    }
  }

  @Test
  void maxBpsCapsWhatAnAllocationRelays() throws Exception {
    try (TurnServer server = TurnServer.start(config().maxBps(2000).build());
        TurnTestClient client = new TurnTestClient(address(server), "alice", "wonderland");
        DatagramSocket peer =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      peer.setSoTimeout(300);
      client.allocate();
      client.request(
          StunMessageType.CHANNEL_BIND,
          new ChannelNumberAttribute(0x4000),
          XorAddressAttribute.of(
              AttributeType.XOR_PEER_ADDRESS, (InetSocketAddress) peer.getLocalSocketAddress()));
      for (int i = 0; i < 20; i++) {
        client.send(channelData(0x4000, new byte[500]));
      }
      int delivered = 0;
      try {
        while (true) {
          peer.receive(new DatagramPacket(new byte[600], 600));
          delivered++;
        }
      } catch (SocketTimeoutException e) {
        // drained
      }
      assertThat(delivered)
          .isBetween(3, 6); // one second of budget (2000 bytes) and a little refill
      assertThat(server.metrics().droppedPackets.sum()).isGreaterThanOrEqualTo(14);
    }
  }

  @Test
  void ipv6RelaysAreAllocatedOnRequestAndRelay() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    DatagramSocket peer;
    try {
      peer = new DatagramSocket(new InetSocketAddress(v6, 0));
    } catch (SocketException e) {
      Assumptions.abort("no IPv6 loopback on this host");
      return;
    }
    try (peer;
        TurnServer server = TurnServer.start(config().relayIp(v6).build());
        TurnTestClient client = new TurnTestClient(address(server), "alice", "wonderland")) {
      peer.setSoTimeout(2000);
      StunMessage granted =
          client.request(
              StunMessageType.ALLOCATE,
              new RequestedTransportAttribute(17),
              new RequestedAddressFamilyAttribute(XorAddressAttribute.FAMILY_IPV6));
      assertThat(relayed(granted).getAddress()).isInstanceOf(Inet6Address.class);
      XorAddressAttribute peerAttr =
          XorAddressAttribute.of(
              AttributeType.XOR_PEER_ADDRESS, (InetSocketAddress) peer.getLocalSocketAddress());
      assertThat(
              errorCode(
                  client.request(
                      StunMessageType.CREATE_PERMISSION,
                      XorAddressAttribute.of(
                          AttributeType.XOR_PEER_ADDRESS, new InetSocketAddress("127.0.0.1", 9)))))
          .isEqualTo(443);
      client.request(StunMessageType.CHANNEL_BIND, new ChannelNumberAttribute(0x4000), peerAttr);

      client.send(channelData(0x4000, new byte[] {6}));
      DatagramPacket atPeer = new DatagramPacket(new byte[16], 16);
      peer.receive(atPeer);
      assertThat(atPeer.getSocketAddress()).isEqualTo(relayed(granted));
    }
  }

  private static InetSocketAddress address(TurnServer server) throws Exception {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort());
  }
}
