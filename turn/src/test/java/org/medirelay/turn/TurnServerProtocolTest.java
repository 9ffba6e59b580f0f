package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.turn.TurnTestClient.channelData;
import static org.medirelay.turn.TurnTestClient.errorCode;
import static org.medirelay.turn.TurnTestClient.relayed;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.auth.LongTermKeys;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ChannelNumberAttribute;
import org.medirelay.turn.stun.DataAttribute;
import org.medirelay.turn.stun.Fingerprint;
import org.medirelay.turn.stun.IntegrityAlgorithm;
import org.medirelay.turn.stun.LifetimeAttribute;
import org.medirelay.turn.stun.MessageIntegrity;
import org.medirelay.turn.stun.MessageIntegrityAttribute;
import org.medirelay.turn.stun.NonceAttribute;
import org.medirelay.turn.stun.OpaqueAttribute;
import org.medirelay.turn.stun.PasswordAlgorithm;
import org.medirelay.turn.stun.PasswordAlgorithmsAttribute;
import org.medirelay.turn.stun.RealmAttribute;
import org.medirelay.turn.stun.RequestedAddressFamilyAttribute;
import org.medirelay.turn.stun.RequestedTransportAttribute;
import org.medirelay.turn.stun.SoftwareAttribute;
import org.medirelay.turn.stun.StunDecoder;
import org.medirelay.turn.stun.StunEncoder;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turn.stun.UnknownAttributesAttribute;
import org.medirelay.turn.stun.UsernameAttribute;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * Drives the server over real loopback sockets with byte-exact requests: the protocol, the errors,
 * bad input.
 */
class TurnServerProtocolTest {

  private static final MutableClock CLOCK = new MutableClock();
  private static TurnServer server;
  private static InetSocketAddress udp;

  @TempDir static Path dataDir;

  private TurnTestClient client;
  private DatagramSocket peer;

  @BeforeAll
  static void startServer() throws Exception {
    server =
        TurnServer.start(
            LoopbackConfig.builder(dataDir)
                .tls(false)
                .user("alice", "wonderland")
                .user("bob", "builder")
                .realm("test.medirelay")
                .allowLoopbackPeers(true)
                .userQuota(2)
                .maxPermissionsPerAllocation(3)
                .prometheus(true)
                .prometheusPort(0)
                .clock(CLOCK)
                .build());
    udp = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void openClientAndPeer() throws Exception {
    client = new TurnTestClient(udp, "alice", "wonderland");
    peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    peer.setSoTimeout(2000);
  }

  @AfterEach
  void close() throws Exception {
    try {
      client.exchange(
          client.signed(
              StunMessageType.REFRESH,
              List.of(new LifetimeAttribute(0)),
              TurnTestClient.transactionId()));
    } catch (Exception e) {
      // No allocation to delete.
    }
    client.close();
    peer.close();
  }

  @Test
  void bindingIsAnsweredWithTheMappedAddressAndNoSoftware() throws Exception {
    StunMessage response =
        client.exchange(
            StunEncoder.encode(
                StunMessage.of(
                    StunMessageType.of(StunMessageType.BINDING, StunMessageType.REQUEST),
                    TurnTestClient.transactionId(),
                    List.of()),
                null,
                null,
                true));

    XorAddressAttribute mapped =
        (XorAddressAttribute) response.get(AttributeType.XOR_MAPPED_ADDRESS).orElseThrow();
    assertThat(mapped.socketAddress()).isEqualTo(client.socket.getLocalSocketAddress());
    assertThat(response.get(SoftwareAttribute.class)).isEmpty();
    assertThat(response.get(AttributeType.FINGERPRINT)).isPresent();
  }

  @Test
  void allocateIsChallengedThenGrantedWithRelayLifetimeAndIntegrity() throws Exception {
    StunMessage challenge =
        client.exchange(
            StunEncoder.encode(
                StunMessage.of(
                    StunMessageType.of(StunMessageType.ALLOCATE, StunMessageType.REQUEST),
                    TurnTestClient.transactionId(),
                    List.of(new RequestedTransportAttribute(17)))));
    assertThat(errorCode(challenge)).isEqualTo(401);
    assertThat(challenge.get(RealmAttribute.class)).contains(new RealmAttribute("test.medirelay"));
    assertThat(challenge.get(NonceAttribute.class).orElseThrow().value()).startsWith("obMatJos2");
    assertThat(challenge.get(PasswordAlgorithmsAttribute.class)).isPresent();
    assertThat(challenge.get(MessageIntegrityAttribute.class)).isEmpty();
    client.learn(challenge);

    StunMessage granted = client.allocate();

    assertThat(granted.messageClass()).isEqualTo(StunMessageType.SUCCESS);
    assertThat(relayed(granted).getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(relayed(granted).getPort()).isBetween(40000, 60000);
    assertThat(granted.get(LifetimeAttribute.class)).contains(new LifetimeAttribute(600));
    assertThat(granted.get(AttributeType.XOR_MAPPED_ADDRESS)).isPresent();
    assertThat(MessageIntegrity.verify(granted, IntegrityAlgorithm.HMAC_SHA1, client.key()))
        .isTrue();
  }

  @Test
  void messageIntegritySha256IsAcceptedAndAnsweredInKind() throws Exception {
    client.allocate();
    byte[] sha256Request =
        StunEncoder.encode(
            StunMessage.of(
                StunMessageType.of(StunMessageType.REFRESH, StunMessageType.REQUEST),
                TurnTestClient.transactionId(),
                List.of(
                    new LifetimeAttribute(1200),
                    new UsernameAttribute("alice"),
                    new RealmAttribute(client.realm),
                    new NonceAttribute(client.nonce))),
            IntegrityAlgorithm.HMAC_SHA256,
            client.key(),
            false);

    StunMessage response = client.exchange(sha256Request);

    assertThat(response.get(LifetimeAttribute.class)).contains(new LifetimeAttribute(1200));
    assertThat(response.integrityAlgorithm()).isEqualTo(IntegrityAlgorithm.HMAC_SHA256);
  }

  @Test
  void wrongPasswordGets401AndIsCounted() throws Exception {
    long failures = server.metrics().authFailures.sum();
    TurnTestClient intruder = new TurnTestClient(udp, "alice", "guess");
    try (intruder) {
      StunMessage response = intruder.allocate();
      assertThat(errorCode(response)).isEqualTo(401);
    }
    assertThat(server.metrics().authFailures.sum()).isGreaterThan(failures);
  }

  @Test
  void aNonceExpiresInto438AndAFreshOneWorks() throws Exception {
    client.allocate();
    client.request(StunMessageType.REFRESH, new LifetimeAttribute(3600));
    CLOCK.advance(Duration.ofSeconds(601));
    try {
      StunMessage stale =
          client.exchange(
              client.signed(StunMessageType.REFRESH, List.of(), TurnTestClient.transactionId()));
      assertThat(errorCode(stale)).isEqualTo(438);
      assertThat(stale.get(NonceAttribute.class).orElseThrow().value()).isNotEqualTo(client.nonce);
      client.learn(stale);

      StunMessage refreshed =
          client.exchange(
              client.signed(StunMessageType.REFRESH, List.of(), TurnTestClient.transactionId()));
      assertThat(refreshed.messageClass()).isEqualTo(StunMessageType.SUCCESS);
    } finally {
      CLOCK.advance(Duration.ofSeconds(-601));
    }
  }

  @Test
  void aNonceReplayedFromAnotherAddressIsRejectedAsStale() throws Exception {
    client.allocate();
    try (TurnTestClient replayer =
        new TurnTestClient(
            udp,
            "alice",
            "wonderland",
            new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
      replayer.realm = client.realm;
      replayer.nonce = client.nonce;
      byte[] replay =
          replayer.signed(
              StunMessageType.ALLOCATE,
              List.of(new RequestedTransportAttribute(17)),
              TurnTestClient.transactionId());

      assertThat(errorCode(replayer.exchange(replay))).isEqualTo(438);
    }
  }

  @Test
  void unknownComprehensionRequiredAttributesGet420WithTheirTypes() throws Exception {
    client.allocate();
    StunMessage response =
        client.exchange(
            client.signed(
                StunMessageType.REFRESH,
                List.of(
                    new OpaqueAttribute(0x0031, new byte[4]),
                    new OpaqueAttribute(0xC0DE, new byte[4])),
                TurnTestClient.transactionId()));

    assertThat(errorCode(response)).isEqualTo(420);
    assertThat(response.get(UnknownAttributesAttribute.class).orElseThrow().types())
        .containsExactly(0x0031);

    StunMessage binding =
        client.exchange(
            StunEncoder.encode(
                StunMessage.of(
                    StunMessageType.of(StunMessageType.BINDING, StunMessageType.REQUEST),
                    TurnTestClient.transactionId(),
                    List.of(new OpaqueAttribute(0x0077, new byte[0])))));
    assertThat(errorCode(binding)).isEqualTo(420);
  }

  @Test
  void allocateErrors() throws Exception {
    assertThat(errorCode(client.request(StunMessageType.ALLOCATE))).isEqualTo(400);
    assertThat(
            errorCode(client.request(StunMessageType.ALLOCATE, new RequestedTransportAttribute(6))))
        .isEqualTo(442);
    assertThat(
            errorCode(
                client.request(
                    StunMessageType.ALLOCATE,
                    new RequestedTransportAttribute(17),
                    new RequestedAddressFamilyAttribute(2))))
        .isEqualTo(440);
    assertThat(errorCode(client.request(StunMessageType.REFRESH))).isEqualTo(437);

    byte[] allocate =
        client.signed(
            StunMessageType.ALLOCATE,
            List.of(new RequestedTransportAttribute(17)),
            TurnTestClient.transactionId());
    client.send(allocate);
    byte[] first = client.receive();
    client.send(allocate);
    byte[] retransmitted = client.receive();
    assertThat(retransmitted).isEqualTo(first);
    assertThat(errorCode(client.allocate())).isEqualTo(437);
  }

  @Test
  void theUserQuotaIsEnforcedWith486() throws Exception {
    try (TurnTestClient second = new TurnTestClient(udp, "alice", "wonderland");
        TurnTestClient third = new TurnTestClient(udp, "alice", "wonderland")) {
      assertThat(client.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
      assertThat(second.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
      assertThat(errorCode(third.allocate())).isEqualTo(486);
      second.exchange(
          second.signed(
              StunMessageType.REFRESH,
              List.of(new LifetimeAttribute(0)),
              TurnTestClient.transactionId()));
    }
  }

  @Test
  void anotherUserOnTheSameFiveTupleGets441() throws Exception {
    client.allocate();
    // Same socket, other credentials: sign as bob with the nonce alice's socket holds.
    byte[] request =
        StunEncoder.encode(
            StunMessage.of(
                StunMessageType.of(StunMessageType.REFRESH, StunMessageType.REQUEST),
                TurnTestClient.transactionId(),
                List.of(
                    new UsernameAttribute("bob"),
                    new RealmAttribute(client.realm),
                    new NonceAttribute(client.nonce))),
            IntegrityAlgorithm.HMAC_SHA1,
            LongTermKeys.derive(PasswordAlgorithm.MD5, "bob", client.realm, "builder"),
            false);

    assertThat(errorCode(client.exchange(request))).isEqualTo(441);
  }

  @Test
  void sendIndicationsAndDataIndicationsRelayThroughAPermission() throws Exception {
    client.allocate();
    InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    XorAddressAttribute peerAttr =
        XorAddressAttribute.of(AttributeType.XOR_PEER_ADDRESS, peerAddress);
    assertThat(client.request(StunMessageType.CREATE_PERMISSION, peerAttr).messageClass())
        .isEqualTo(StunMessageType.SUCCESS);

    client.send(sendIndication(peerAttr, "hello peer"));
    DatagramPacket atPeer = receive(peer);
    assertThat(new String(atPeer.getData(), 0, atPeer.getLength(), StandardCharsets.UTF_8))
        .isEqualTo("hello peer");

    byte[] back = "hello client!".getBytes(StandardCharsets.UTF_8);
    peer.send(new DatagramPacket(back, back.length, atPeer.getSocketAddress()));
    StunMessage data = StunDecoder.decode(client.receive());
    assertThat(data.type()).isEqualTo(StunMessageType.DATA_INDICATION);
    assertThat(data.get(DataAttribute.class).orElseThrow().data()).isEqualTo(back);
    assertThat(
            ((XorAddressAttribute) data.get(AttributeType.XOR_PEER_ADDRESS).orElseThrow())
                .socketAddress())
        .isEqualTo(peerAddress);
  }

  @Test
  void channelDataRelaysBothWaysAfterChannelBind() throws Exception {
    InetSocketAddress relay = relayed(client.allocate());
    bindChannel(0x4001);

    client.send(channelData(0x4001, "ping".getBytes(StandardCharsets.UTF_8)));
    DatagramPacket atPeer = receive(peer);
    assertThat(new String(atPeer.getData(), 0, atPeer.getLength(), StandardCharsets.UTF_8))
        .isEqualTo("ping");
    assertThat(atPeer.getSocketAddress()).isEqualTo(relay);

    peer.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, relay));
    assertThat(client.receive()).isEqualTo(channelData(0x4001, new byte[] {1, 2, 3}));
  }

  @Test
  void channelBindRefusesBadNumbersAndRebinding() throws Exception {
    client.allocate();
    XorAddressAttribute peerAttr =
        XorAddressAttribute.of(
            AttributeType.XOR_PEER_ADDRESS, (InetSocketAddress) peer.getLocalSocketAddress());
    assertThat(
            errorCode(
                client.request(
                    StunMessageType.CHANNEL_BIND, new ChannelNumberAttribute(0x3FFF), peerAttr)))
        .isEqualTo(400);
    assertThat(
            errorCode(
                client.request(
                    StunMessageType.CHANNEL_BIND, new ChannelNumberAttribute(0x8000), peerAttr)))
        .isEqualTo(400);
    bindChannel(0x4002);
    XorAddressAttribute other =
        XorAddressAttribute.of(
            AttributeType.XOR_PEER_ADDRESS,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
    assertThat(
            errorCode(
                client.request(
                    StunMessageType.CHANNEL_BIND, new ChannelNumberAttribute(0x4002), other)))
        .isEqualTo(400);
    assertThat(
            errorCode(
                client.request(
                    StunMessageType.CHANNEL_BIND, new ChannelNumberAttribute(0x4003), peerAttr)))
        .isEqualTo(400);
  }

  @Test
  void permissionsPerAllocationAreCappedWith508() throws Exception {
    client.allocate();
    for (int i = 1; i <= 3; i++) {
      assertThat(
              client
                  .request(StunMessageType.CREATE_PERMISSION, peerAt("127.0.0." + i))
                  .messageClass())
          .isEqualTo(StunMessageType.SUCCESS);
    }
    assertThat(errorCode(client.request(StunMessageType.CREATE_PERMISSION, peerAt("127.0.0.9"))))
        .isEqualTo(508);
  }

  @Test
  void theServersOwnListeningAddressIsNeverAPeer() throws Exception {
    client.allocate();
    assertThat(
            errorCode(
                client.request(
                    StunMessageType.CREATE_PERMISSION,
                    XorAddressAttribute.of(AttributeType.XOR_PEER_ADDRESS, udp))))
        .isEqualTo(403);
  }

  @Test
  void refreshWithLifetimeZeroDeletesTheAllocation() throws Exception {
    client.allocate();
    StunMessage deleted = client.request(StunMessageType.REFRESH, new LifetimeAttribute(0));
    assertThat(deleted.get(LifetimeAttribute.class)).contains(new LifetimeAttribute(0));
    assertThat(errorCode(client.request(StunMessageType.CREATE_PERMISSION, peerAt("127.0.0.1"))))
        .isEqualTo(437);
  }

  @Test
  void malformedFramesAreDroppedOrRefusedWhileTheAllocationKeepsRelaying() throws Exception {
    InetSocketAddress relay = relayed(client.allocate());
    bindChannel(0x4010);
    long malformedBefore = server.metrics().malformedPackets.sum();
    byte[] valid =
        client.signed(StunMessageType.REFRESH, List.of(), TurnTestClient.transactionId());

    // Truncated STUN header, and garbage that is neither STUN nor ChannelData: dropped without an
    // answer.
    client.send(Arrays.copyOf(valid, 12));
    client.send(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7});
    // A length field larger than the datagram (oversized claim), and one that is not a multiple of
    // 4: 400.
    byte[] oversized = valid.clone();
    oversized[2] = 0x7F;
    assertThat(errorCode(client.exchange(oversized))).isEqualTo(400);
    byte[] unaligned = Arrays.copyOf(valid, valid.length + 2);
    unaligned[3] = (byte) (valid.length - 20 + 2);
    assertThat(errorCode(client.exchange(unaligned))).isEqualTo(400);
    // An attribute that runs past the end of the message: 400.
    byte[] overrun = valid.clone();
    overrun[23] = (byte) 0xF0;
    assertThat(errorCode(client.exchange(overrun))).isEqualTo(400);
    // A wrong FINGERPRINT: silently dropped.
    byte[] badFingerprint = valid.clone();
    badFingerprint[badFingerprint.length - 1] ^= 0x55;
    client.send(badFingerprint);
    // A wrong MESSAGE-INTEGRITY: 401.
    byte[] badIntegrity = valid.clone();
    badIntegrity[badIntegrity.length - 12] ^= 0x55;
    badIntegrity = refingerprint(badIntegrity);
    assertThat(errorCode(client.exchange(badIntegrity))).isEqualTo(401);
    // ChannelData: truncated, longer than its header says by more than padding, header only,
    // unbound channel.
    client.send(new byte[] {0x40, 0x10, 0x00, 0x64, 1, 2, 3});
    client.send(new byte[] {0x40, 0x10, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8});
    client.send(new byte[] {0x40, 0x10});
    client.send(channelData(0x4FFF, new byte[] {9}));
    // An oversized datagram of garbage.
    client.send(new byte[65_000]);
    assertThat(client.receive(300)).isNull();

    client.send(channelData(0x4010, "still alive".getBytes(StandardCharsets.UTF_8)));
    DatagramPacket atPeer = receive(peer);
    assertThat(new String(atPeer.getData(), 0, atPeer.getLength(), StandardCharsets.UTF_8))
        .isEqualTo("still alive");
    peer.send(new DatagramPacket(new byte[] {7}, 1, relay));
    assertThat(client.receive()).isEqualTo(channelData(0x4010, new byte[] {7}));
    assertThat(server.metrics().malformedPackets.sum() - malformedBefore).isGreaterThanOrEqualTo(8);
  }

  @Test
  void aBrokenTcpStreamClosesOnlyThatConnection() throws Exception {
    InetSocketAddress relay = relayed(client.allocate());
    bindChannel(0x4020);
    try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
      tcp.setSoTimeout(2000);
      OutputStream out = tcp.getOutputStream();
      out.write(new byte[] {(byte) 0xC0, 0, 0, 0, 1, 2, 3, 4});
      out.flush();
      InputStream in = tcp.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
    }
    client.send(channelData(0x4020, new byte[] {42}));
    assertThat(receive(peer).getData()[0]).isEqualTo((byte) 42);
    peer.send(new DatagramPacket(new byte[] {43}, 1, relay));
    assertThat(client.receive()).isEqualTo(channelData(0x4020, new byte[] {43}));
  }

  @Test
  void prometheusServesTheCounters() throws Exception {
    client.allocate();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.prometheusPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains(
            "turn_allocations ",
            "turn_relayed_packets_total{direction=\"peer_to_client\"}",
            "turn_auth_failures_total",
            "turn_denied_peers_total");
  }

  private void bindChannel(int channel) throws Exception {
    StunMessage bound =
        client.request(
            StunMessageType.CHANNEL_BIND,
            new ChannelNumberAttribute(channel),
            XorAddressAttribute.of(
                AttributeType.XOR_PEER_ADDRESS, (InetSocketAddress) peer.getLocalSocketAddress()));
    assertThat(bound.messageClass()).isEqualTo(StunMessageType.SUCCESS);
  }

  private static XorAddressAttribute peerAt(String ip) throws Exception {
    return XorAddressAttribute.of(
        AttributeType.XOR_PEER_ADDRESS, new InetSocketAddress(InetAddress.getByName(ip), 7));
  }

  static byte[] sendIndication(XorAddressAttribute peer, String text) {
    return StunEncoder.encode(
        StunMessage.of(
            StunMessageType.SEND_INDICATION,
            TurnTestClient.transactionId(),
            List.of(peer, new DataAttribute(text.getBytes(StandardCharsets.UTF_8)))),
        null,
        null,
        true);
  }

  private static DatagramPacket receive(DatagramSocket socket) throws Exception {
    DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
    socket.receive(packet);
    return packet;
  }

  private static byte[] refingerprint(byte[] message) {
    int at = message.length - 8;
    ByteBuffer.wrap(message).putInt(at + 4, Fingerprint.compute(message, at));
    return message;
  }
}
