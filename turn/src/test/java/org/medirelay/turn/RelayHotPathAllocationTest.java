package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.turn.TurnTestClient.channelData;
import static org.medirelay.turn.TurnTestClient.relayed;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ChannelNumberAttribute;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * The relay path allocates nothing per packet: the bytes the relay thread allocates (HotSpot's
 * per-thread allocation counter) over thousands of relayed packets, ChannelData and Send/Data
 * indications, stay near zero; what remains comes from the once-a-second timers, not from packets.
 */
class RelayHotPathAllocationTest {

  private static final int ROUND_TRIPS = 2500;

  @TempDir Path dataDir;

  @Test
  void relayingChannelDataAndIndicationsAllocatesNothingPerPacket() throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (TurnServer server =
            TurnServer.start(
                LoopbackConfig.builder(dataDir)
                    .tcp(false)
                    .tls(false)
                    .user("alice", "wonderland")
                    .allowLoopbackPeers(true)
                    .maxBps(100_000_000)
                    .build());
        TurnTestClient client =
            new TurnTestClient(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort()),
                "alice",
                "wonderland");
        DatagramSocket peer =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      peer.setSoTimeout(2000);
      InetSocketAddress relay = relayed(client.allocate());
      XorAddressAttribute peerAttr =
          XorAddressAttribute.of(
              AttributeType.XOR_PEER_ADDRESS, (InetSocketAddress) peer.getLocalSocketAddress());
      client.request(StunMessageType.CHANNEL_BIND, new ChannelNumberAttribute(0x4000), peerAttr);
      byte[] media = new byte[170];
      byte[] channelFrame = channelData(0x4000, media);
      byte[] sendIndication = TurnServerProtocolTest.sendIndication(peerAttr, "x".repeat(170));
      DatagramPacket atPeer = new DatagramPacket(new byte[2048], 2048);

      roundTrips(client, peer, relay, channelFrame, atPeer, 2000); // warm up: JIT, caches
      roundTrips(client, peer, relay, sendIndication, atPeer, 500);
      // Three windows, judged by the quietest: a one-off (a timer tick, a lazy JDK cache) lands in
      // one window, while
      // anything allocated per packet would show in all three.
      double best = Double.MAX_VALUE;
      for (int window = 0; window < 3; window++) {
        long before = threads.getThreadAllocatedBytes(server.relayThreadId());
        roundTrips(client, peer, relay, channelFrame, atPeer, ROUND_TRIPS);
        roundTrips(client, peer, relay, sendIndication, atPeer, ROUND_TRIPS);
        long allocated = threads.getThreadAllocatedBytes(server.relayThreadId()) - before;
        long packets = 4L * ROUND_TRIPS;
        System.out.printf(
            "relay thread allocated %d bytes for %d relayed packets (%.3f bytes/packet)%n",
            allocated, packets, (double) allocated / packets);
        best = Math.min(best, (double) allocated / packets);
      }
      assertThat(best).isLessThan(1.0);
    }
  }

  private static void roundTrips(
      TurnTestClient client,
      DatagramSocket peer,
      InetSocketAddress relay,
      byte[] frame,
      DatagramPacket atPeer,
      int count)
      throws Exception {
    DatagramPacket back = new DatagramPacket(new byte[170], 170, relay);
    for (int i = 0; i < count; i++) {
      client.send(frame);
      peer.receive(atPeer);
      peer.send(back);
      assertThat(client.receive()).isNotNull();
    }
  }
}
