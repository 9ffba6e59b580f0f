package org.medirelay.turn;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medirelay.turn.auth.LongTermKeys;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.IntegrityAlgorithm;
import org.medirelay.turn.stun.NonceAttribute;
import org.medirelay.turn.stun.PasswordAlgorithm;
import org.medirelay.turn.stun.RealmAttribute;
import org.medirelay.turn.stun.RequestedTransportAttribute;
import org.medirelay.turn.stun.StunAttribute;
import org.medirelay.turn.stun.StunDecoder;
import org.medirelay.turn.stun.StunEncoder;
import org.medirelay.turn.stun.StunFormatException;
import org.medirelay.turn.stun.StunHeader;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turn.stun.UsernameAttribute;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * A minimal TURN client built on the server's own codec, for protocol tests that need byte-level
 * control: over UDP, or over a connected TCP or TLS socket ({@link #overStream}).
 */
final class TurnTestClient implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The UDP socket, or null for a stream client. */
  final DatagramSocket socket;

  /** The TCP or TLS socket, or null for a UDP client. */
  private final Socket stream;

  private final InetSocketAddress server;
  private final String username;
  private final String password;
  String realm;
  String nonce;

  TurnTestClient(InetSocketAddress server, String username, String password) throws IOException {
    this(server, username, password, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  TurnTestClient(
      InetSocketAddress server, String username, String password, InetSocketAddress local)
      throws IOException {
    this.socket = new DatagramSocket(local);
    this.socket.setSoTimeout(2000);
    this.stream = null;
    this.server = server;
    this.username = username;
    this.password = password;
  }

  private TurnTestClient(Socket stream, String username, String password) throws IOException {
    this.socket = null;
    this.stream = stream;
    this.stream.setSoTimeout(2000);
    this.server = (InetSocketAddress) stream.getRemoteSocketAddress();
    this.username = username;
    this.password = password;
  }

  /** A client on a connected TCP socket, or a TLS one (an SSLSocket). */
  static TurnTestClient overStream(Socket connected, String username, String password)
      throws IOException {
    return new TurnTestClient(connected, username, password);
  }

  static byte[] transactionId() {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return id;
  }

  byte[] key() {
    return LongTermKeys.derive(PasswordAlgorithm.MD5, username, realm, password);
  }

  /** The request signed with MESSAGE-INTEGRITY using the last realm and nonce. */
  byte[] signed(int method, List<StunAttribute> attributes, byte[] transactionId) {
    List<StunAttribute> all = new ArrayList<>(attributes);
    all.add(new UsernameAttribute(username));
    all.add(new RealmAttribute(realm));
    all.add(new NonceAttribute(nonce));
    return StunEncoder.encode(
        StunMessage.of(StunMessageType.of(method, StunMessageType.REQUEST), transactionId, all),
        IntegrityAlgorithm.HMAC_SHA1,
        key(),
        true);
  }

  /** A request without credentials, with a new transaction id. */
  static byte[] unsigned(int method, StunAttribute... attributes) {
    return StunEncoder.encode(
        StunMessage.of(
            StunMessageType.of(method, StunMessageType.REQUEST),
            transactionId(),
            List.of(attributes)));
  }

  /** Sends a request, answering one 401/438 challenge, and returns the final response. */
  StunMessage request(int method, StunAttribute... attributes) throws IOException {
    List<StunAttribute> list = List.of(attributes);
    if (nonce == null) {
      learn(exchange(unsigned(method, attributes)));
    }
    StunMessage response = exchange(signed(method, list, transactionId()));
    if (errorCode(response) == ErrorCodeAttribute.STALE_NONCE) {
      learn(response);
      response = exchange(signed(method, list, transactionId()));
    }
    return response;
  }

  void learn(StunMessage challenge) {
    realm = challenge.get(RealmAttribute.class).orElseThrow().value();
    nonce = challenge.get(NonceAttribute.class).orElseThrow().value();
  }

  StunMessage allocate() throws IOException {
    return request(StunMessageType.ALLOCATE, new RequestedTransportAttribute(17));
  }

  StunMessage exchange(byte[] request) throws IOException {
    send(request);
    byte[] transactionId = Arrays.copyOfRange(request, 8, 20);
    while (true) {
      byte[] reply = receive();
      if (reply == null) {
        throw new SocketTimeoutException("no answer from the TURN server");
      }
      try {
        StunMessage message = StunDecoder.decode(reply);
        if (Arrays.equals(message.transactionId(), transactionId)) {
          return message;
        }
      } catch (StunFormatException e) {
        // Not the answer: ChannelData or a Data indication in between.
      }
    }
  }

  void send(byte[] bytes) throws IOException {
    if (stream != null) {
      stream.getOutputStream().write(bytes);
      return;
    }
    socket.send(new DatagramPacket(bytes, bytes.length, server));
  }

  /** The next datagram or stream frame from the server, or null after the timeout. */
  byte[] receive() throws IOException {
    if (stream != null) {
      return receiveFrame();
    }
    byte[] buf = new byte[70_000];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return Arrays.copyOf(buf, packet.getLength());
  }

  /** One STUN message (20 + length) or ChannelData frame (4 + length, padded to 4). */
  private byte[] receiveFrame() throws IOException {
    DataInputStream in = new DataInputStream(stream.getInputStream());
    byte[] header = new byte[4];
    try {
      in.readFully(header);
    } catch (SocketTimeoutException e) {
      return null;
    }
    int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    boolean channelData = (header[0] & 0xC0) == 0x40;
    int rest = channelData ? (length + 3) / 4 * 4 : StunHeader.LENGTH - 4 + length;
    byte[] frame = Arrays.copyOf(header, 4 + rest);
    in.readFully(frame, 4, rest);
    return frame;
  }

  byte[] receive(int timeoutMillis) throws IOException {
    int old = stream != null ? stream.getSoTimeout() : socket.getSoTimeout();
    setTimeout(timeoutMillis);
    try {
      return receive();
    } finally {
      setTimeout(old);
    }
  }

  private void setTimeout(int millis) throws IOException {
    if (stream != null) {
      stream.setSoTimeout(millis);
    } else {
      socket.setSoTimeout(millis);
    }
  }

  static int errorCode(StunMessage message) {
    return message.get(ErrorCodeAttribute.class).map(ErrorCodeAttribute::code).orElse(0);
  }

  static InetSocketAddress relayed(StunMessage allocateResponse) {
    return ((XorAddressAttribute)
            allocateResponse.get(AttributeType.XOR_RELAYED_ADDRESS).orElseThrow())
        .socketAddress();
  }

  static byte[] channelData(int channel, byte[] data) {
    return ByteBuffer.allocate(4 + data.length)
        .putShort((short) channel)
        .putShort((short) data.length)
        .put(data)
        .array();
  }

  @Override
  public void close() {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    } else {
      socket.close();
    }
  }
}
