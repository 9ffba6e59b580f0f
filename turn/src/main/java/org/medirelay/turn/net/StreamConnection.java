package org.medirelay.turn.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.stun.ChannelDataFrame;
import org.medirelay.turn.stun.StunHeader;

/**
 * One TCP client connection (RFC 8656 §5: the 5-tuple of at most one allocation). Splits the byte
 * stream into STUN messages (20 + length) and ChannelData (4 + length, padded to 4) and hands each
 * frame to the pipeline; a first byte that is neither ends the connection, since a stream cannot
 * resynchronise. Frames to the client are written at once; what the socket does not take waits in a
 * bounded queue, and a frame that does not fit is dropped whole. {@link TlsConnection} puts TLS
 * between these frames and the socket.
 */
public class StreamConnection implements ClientLink, EventLoop.Handler {

  private static final Logger LOG = Logger.getLogger(StreamConnection.class.getName());
  static final int MAX_FRAME = StunHeader.LENGTH + 65_535 + 3;
  private static final int QUEUE_BYTES = 256 * 1024;

  protected final SocketChannel channel;
  private final PacketSink sink;
  private final Consumer<StreamConnection> onClose;
  private final InetSocketAddress remote;
  private final Supplier<ByteBuffer> readBuffer;

  /**
   * The start of a frame that the last read cut off, kept until the rest arrives; allocated on
   * first need.
   */
  private ByteBuffer partial;

  private ByteBuffer queue;
  protected SelectionKey key;
  private Allocation allocation;
  private boolean closed;
  private long lastActivity;

  private final EventLoop loop;

  /**
   * @param readBuffer the event loop's direct buffer, cleared, whole capacity (at least {@link
   *     #MAX_FRAME} bytes): plain connections read into it and relay frames straight out of it
   */
  public StreamConnection(
      SocketChannel channel,
      PacketSink sink,
      Consumer<StreamConnection> onClose,
      EventLoop loop,
      Supplier<ByteBuffer> readBuffer)
      throws IOException {
    this.channel = channel;
    this.readBuffer = readBuffer;
    this.sink = sink;
    this.onClose = onClose;
    this.loop = loop;
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.lastActivity = loop.now();
  }

  public void key(SelectionKey key) {
    this.key = key;
  }

  public long lastActivity() {
    return lastActivity;
  }

  @Override
  public void onReady(SelectionKey key) throws IOException {
    if (key.isValid() && key.isWritable()) {
      flushQueue();
    }
    if (key.isValid() && key.isReadable()) {
      lastActivity = loop.now();
      if (!readAndDeliver()) {
        close();
      }
    }
  }

  /**
   * Reads what the socket has into the loop's direct buffer, behind the kept start of a cut-off
   * frame, and delivers every whole frame from there; only a frame cut off at the end is copied
   * aside. False at end of stream.
   */
  protected boolean readAndDeliver() throws IOException {
    ByteBuffer buf = readBuffer.get();
    if (partial != null && partial.position() > 0) {
      partial.flip();
      buf.put(partial);
      partial.clear();
    }
    if (channel.read(buf) < 0) {
      return false;
    }
    buf.flip();
    deliverFrames(buf);
    if (!closed && buf.hasRemaining()) {
      if (partial == null) {
        partial = ByteBuffer.allocate(MAX_FRAME);
      }
      partial.put(buf);
    }
    return true;
  }

  /**
   * Delivers the whole frames from {@code buf}'s position; leaves the position at the first
   * incomplete one.
   */
  protected final void deliverFrames(ByteBuffer buf) throws IOException {
    while (!closed && buf.remaining() >= 4) {
      int at = buf.position();
      int first = buf.get(at) & 0xFF;
      int frameLength;
      int consumed;
      if (ChannelDataFrame.isChannelData(first)) {
        frameLength = ChannelDataFrame.HEADER + ChannelDataFrame.dataLength(buf, at);
        consumed = StunHeader.padded(frameLength);
      } else if ((first & 0xC0) == 0) {
        frameLength = StunHeader.LENGTH + StunHeader.messageLength(buf, at);
        consumed = frameLength;
      } else {
        LOG.fine(
            () ->
                "unframeable byte 0x"
                    + Integer.toHexString(first)
                    + " from "
                    + remote
                    + "; closing");
        close();
        return;
      }
      if (buf.remaining() < consumed) {
        return;
      }
      int limit = buf.limit();
      sink.dispatch(buf, at, frameLength, this);
      buf.limit(limit).position(at + consumed);
    }
  }

  @Override
  public void send(ByteBuffer frame) {
    if (closed) {
      return;
    }
    try {
      writeFrame(frame);
    } catch (IOException e) {
      LOG.log(Level.FINE, "write to " + remote + " failed", e);
      close();
    }
  }

  /** Writes bytes meant for the socket as they are (TLS records or plain frames). */
  protected void writeFrame(ByteBuffer bytes) throws IOException {
    writeRaw(bytes);
  }

  protected final void writeRaw(ByteBuffer bytes) throws IOException {
    if (queue != null && queue.position() > 0) {
      if (queue.remaining() < bytes.remaining()) {
        dropOrClose();
        return;
      }
      queue.put(bytes);
      return;
    }
    channel.write(bytes);
    if (bytes.hasRemaining()) {
      if (queue == null) {
        queue = ByteBuffer.allocate(QUEUE_BYTES);
      }
      queue.put(bytes); // always fits: the queue is empty and larger than any frame
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
  }

  /**
   * A whole frame that does not fit is dropped like a lost datagram; the stream stays consistent.
   */
  protected void dropOrClose() {
    LOG.fine(() -> "send queue to " + remote + " full; dropping a frame");
  }

  private void flushQueue() throws IOException {
    queue.flip();
    channel.write(queue);
    queue.compact();
    if (queue.position() == 0) {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  @Override
  public void onFailure(SelectionKey key, IOException error) {
    LOG.log(Level.FINE, "connection " + remote + " failed", error);
    close();
  }

  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "close " + remote, e);
    }
    onClose.accept(this);
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isStream() {
    return true;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public Allocation allocation() {
    return allocation;
  }

  @Override
  public void attach(Allocation allocation) {
    this.allocation = allocation;
  }
}
