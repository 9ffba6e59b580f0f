package org.medirelay.turn.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A TLS client connection (TURN over TLS, "turns:"): an {@link SSLEngine} in server mode between
 * the socket and the frames of {@link StreamConnection}. The handshake runs on the loop (delegated
 * tasks inline: they are short for the ECDSA certificates we use). A TLS stream cannot lose a
 * record, so a full send queue closes the connection.
 */
public final class TlsConnection extends StreamConnection {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private final ByteBuffer in = ByteBuffer.allocate(MAX_FRAME + 1024);
  private final ByteBuffer netIn;
  private final ByteBuffer netOut;
  private boolean inputPending;

  public TlsConnection(
      SocketChannel channel,
      SSLEngine engine,
      PacketSink sink,
      Consumer<StreamConnection> onClose,
      EventLoop loop)
      throws IOException {
    super(channel, sink, onClose, loop, null);
    this.engine = engine;
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocate(packet * 2);
    this.netOut = ByteBuffer.allocate(packet);
    engine.setUseClientMode(false);
    engine.beginHandshake();
  }

  /**
   * Decrypts into its own plaintext buffer (records and frames do not line up) and delivers whole
   * frames.
   */
  @Override
  protected boolean readAndDeliver() throws IOException {
    do {
      if (readIntoIn() < 0) {
        return false;
      }
      in.flip();
      deliverFrames(in);
      in.compact();
    } while (!isClosed() && inputPending);
    return true;
  }

  private int readIntoIn() throws IOException {
    int read = inputPending ? 0 : channel.read(netIn);
    inputPending = false;
    if (read < 0) {
      return -1;
    }
    netIn.flip();
    try {
      while (netIn.hasRemaining()) {
        SSLEngineResult result = engine.unwrap(netIn, in);
        runHandshake();
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
          return -1;
        }
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
          inputPending = true;
          break;
        }
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
            || (result.bytesConsumed() == 0 && result.bytesProduced() == 0)) {
          break;
        }
      }
    } catch (SSLException e) {
      throw new IOException("TLS failed with " + remoteAddress() + ": " + e.getMessage(), e);
    } finally {
      netIn.compact();
    }
    return read;
  }

  private void runHandshake() throws IOException {
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> {
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
        }
        case NEED_WRAP -> wrap(EMPTY);
        default -> {
          return;
        }
      }
    }
  }

  @Override
  protected void writeFrame(ByteBuffer frame) throws IOException {
    do {
      wrap(frame);
    } while (frame.hasRemaining() && !isClosed());
  }

  private void wrap(ByteBuffer source) throws IOException {
    netOut.clear();
    SSLEngineResult result = engine.wrap(source, netOut);
    netOut.flip();
    if (netOut.hasRemaining()) {
      writeRaw(netOut);
    }
    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
      close();
    }
  }

  @Override
  protected void dropOrClose() {
    close();
  }
}
