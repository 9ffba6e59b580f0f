package org.medirelay.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Hostile and broken datagrams for the node's media port, sent from loopback. */
final class UdpNoise implements AutoCloseable {

  private final DatagramSocket socket;
  private final InetSocketAddress node;
  private final Random random = new Random(42);

  UdpNoise(int nodePort) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    node = new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePort);
  }

  void send(byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, node));
  }

  /**
   * A STUN Binding request whose USERNAME is {@code localUfrag:peer}, without integrity (RFC 8489
   * section 5).
   */
  static byte[] bindingRequest(String localUfrag) {
    byte[] username = (localUfrag + ":peer").getBytes(StandardCharsets.US_ASCII);
    int padded = (username.length + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded);
    b.putShort((short) 0x0001).putShort((short) (4 + padded)).putInt(0x2112A442);
    for (int i = 0; i < 12; i++) {
      b.put((byte) i);
    }
    b.putShort((short) 0x0006).putShort((short) username.length).put(username);
    return b.array();
  }

  /**
   * STUN that ice4j's decoder chokes on, sent {@code rounds} times after a Binding request for
   * {@code localUfrag} (which routes this address to that participant's ICE agent): an ERROR-CODE
   * of 2 bytes and an ICE-CONTROLLED of 3 (which throw inside ice4j), and a request without
   * PRIORITY (which it refuses as invalid).
   */
  void malformedStun(String localUfrag, int rounds) throws IOException {
    send(bindingRequest(localUfrag));
    for (int i = 0; i < rounds; i++) {
      send(bindingRequestWith(localUfrag, 0x0009, new byte[] {1, 2}));
      send(bindingRequestWith(localUfrag, 0x8029, new byte[] {1, 2, 3}));
      send(bindingRequestWith(localUfrag, 0x0020, new byte[] {0, 1, 0, 0, 0, 0, 0, 0}));
      pace();
    }
  }

  /** A Binding request with USERNAME {@code localUfrag:peer} and one more attribute. */
  private byte[] bindingRequestWith(String localUfrag, int type, byte[] value) {
    byte[] plain = bindingRequest(localUfrag);
    int padded = (value.length + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(plain.length + 4 + padded);
    b.put(plain).putShort((short) type).putShort((short) value.length).put(value);
    b.putShort(2, (short) (b.capacity() - 20));
    for (int i = 8; i < 20; i++) {
      b.put(i, (byte) random.nextInt()); // a new transaction each time
    }
    return b.array();
  }

  /**
   * Random bytes, bytes that look like the start of each protocol but are cut short, and
   * unknown-ufrag STUN.
   */
  void blast(int rounds) throws IOException {
    for (int i = 0; i < rounds; i++) {
      byte[] garbage = new byte[1 + random.nextInt(1200)];
      random.nextBytes(garbage);
      send(garbage);
      send(new byte[] {(byte) 0x80, 0x60, 0x00}); // truncated RTP
      send(new byte[] {(byte) 0x81, (byte) 0xce, 0x00, 0x05, 0, 0, 0, 1}); // RTCP whose length lies
      send(new byte[] {0x16, (byte) 0xfe, (byte) 0xfd, 0, 0}); // truncated DTLS record
      send(new byte[] {0x00, 0x01, 0x00, 0x08, 0x21, 0x12}); // truncated STUN header
      send(bindingRequest("nobody" + i));
      send(new byte[0]);
      pace();
    }
  }

  /**
   * Keeps below the node's socket receive buffer, so every datagram is judged by the node rather
   * than the kernel.
   */
  private static void pace() {
    try {
      Thread.sleep(3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
