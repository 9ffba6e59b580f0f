package org.medirelay.media;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written byte by byte over a plain socket, for tests that must control what a
 * client sends and see exactly what the node sends back (pings left unanswered, the closing
 * handshake).
 */
final class RawWebSocket implements AutoCloseable {

  /** One frame as it came off the wire. */
  record Frame(int opcode, byte[] payload) {
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }

    String text() {
      int from = opcode == 8 ? Math.min(2, payload.length) : 0;
      return new String(payload, from, payload.length - from, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /**
   * Connects and completes the opening handshake; RFC 6455 section 4.1: no frame goes out before
   * the answer.
   */
  RawWebSocket(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    out.write(
        ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) readByte());
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("no WebSocket upgrade: " + head);
    }
  }

  void sendText(String text) throws IOException {
    send(1, text.getBytes(StandardCharsets.UTF_8));
  }

  void sendClose(int code) throws IOException {
    send(8, new byte[] {(byte) (code >> 8), (byte) code});
  }

  /**
   * A client-to-server frame (RFC 6455 section 5.2): FIN, masked with a zero key so the payload
   * stays as it is.
   */
  private void send(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    }
    frame.write(new byte[4]);
    frame.write(payload);
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * The next frame from the node (unmasked, as servers send them), or null when the node closed
   * TCP.
   */
  Frame read() throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int length = readByte() & 0x7f;
    if (length == 126) {
      length = (readByte() << 8) | readByte();
    } else if (length == 127) {
      throw new IOException("unexpectedly long frame");
    }
    return new Frame(first & 0x0f, in.readNBytes(length));
  }

  /** Reads until the node closes TCP, skipping whatever it still sends. */
  void drain() throws IOException {
    while (in.read() >= 0) {
      // nothing to keep
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the node closed the connection");
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
