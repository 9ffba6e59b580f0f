package org.medirelay.turn.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
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
 *
 * <p>What a connection may hold before it has an allocation is small: a frame longer than {@link
 * #MAX_FRAME_WITHOUT_ALLOCATION} closes it, and the start of a cut-off frame waits in an {@link
 * ElasticBuffer} as large as those bytes. Only whole frames count as activity, for the
 * first-message deadline and the idle timeout the listener applies.
 */
public class StreamConnection implements ClientLink, EventLoop.Handler {

  private static final Logger LOG = Logger.getLogger(StreamConnection.class.getName());
  static final int MAX_FRAME = StunHeader.LENGTH + 65_535 + 3;

  /**
   * The longest frame from a client without an allocation: its requests (Binding, Allocate with
   * credentials) take a few hundred bytes, and what it could relay it has no allocation for.
   */
  static final int MAX_FRAME_WITHOUT_ALLOCATION = 4096;

  /** What a buffer in waiting starts with: a STUN request fits. */
  static final int INITIAL_BUFFER = 512;

  private static final int QUEUE_BYTES = 256 * 1024;

  protected final SocketChannel channel;
  protected final StreamContext context;
  private final Consumer<StreamConnection> onClose;
  private final InetSocketAddress remote;

  /** The start of a frame that the last read cut off, kept until the rest arrives. */
  private final ElasticBuffer partial;

  /** What the socket did not take yet. */
  private final ElasticBuffer queue;

  protected SelectionKey key;
  private Allocation allocation;
  private boolean closed;
  private final long openedAt;
  private long lastFrameAt;
  private boolean hadFrame;
  private boolean readingPaused;

  public StreamConnection(
      SocketChannel channel, StreamContext context, Consumer<StreamConnection> onClose)
      throws IOException {
    this.channel = channel;
    this.context = context;
    this.onClose = onClose;
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.openedAt = context.loop().now();
    this.lastFrameAt = openedAt;
    this.partial = newBuffer(MAX_FRAME);
    this.queue = newBuffer(QUEUE_BYTES);
  }

  /** A buffer in waiting for this connection, counted in the buffer gauge. */
  protected final ElasticBuffer newBuffer(int max) {
    return new ElasticBuffer(INITIAL_BUFFER, max, context.metrics().connectionBufferBytes);
  }

  public void key(SelectionKey key) {
    this.key = key;
  }

  public long openedAt() {
    return openedAt;
  }

  /** When the last whole frame arrived (the opening time before the first). */
  public long lastFrameAt() {
    return lastFrameAt;
  }

  /** True once a whole frame arrived (for TLS: after the handshake). */
  public boolean hadFrame() {
    return hadFrame;
  }

  @Override
  public void onReady(SelectionKey key) throws IOException {
    if (key.isValid() && key.isWritable()) {
      flushQueue();
    }
    if (key.isValid() && key.isReadable() && !readingPaused) {
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
    ByteBuffer buf = context.readBuffer().get();
    ByteBuffer kept = partial.buffer();
    if (kept != null && kept.position() > 0) {
      kept.flip();
      buf.put(kept);
      kept.clear();
    }
    if (channel.read(buf) < 0) {
      return false;
    }
    buf.flip();
    deliverFrames(buf);
    if (!closed && buf.hasRemaining()) {
      partial.ensureFree(buf.remaining()).put(buf);
    }
    releaseIfIdle(partial);
    return true;
  }

  /**
   * Gives {@code buffer} back when it is empty and the connection has no allocation; an allocation
   * keeps its buffers, so relaying never allocates.
   */
  protected final void releaseIfIdle(ElasticBuffer buffer) {
    if (allocation == null || closed) {
      buffer.releaseIfEmpty();
    }
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
        LOG.fine(() -> "unframeable byte 0x" + Integer.toHexString(first) + " from " + remote);
        close("unframeable");
        return;
      }
      if (allocation == null && consumed > MAX_FRAME_WITHOUT_ALLOCATION) {
        LOG.fine(() -> consumed + "-byte frame from " + remote + " without an allocation");
        close("oversized_frame");
        return;
      }
      if (buf.remaining() < consumed) {
        return;
      }
      hadFrame = true;
      lastFrameAt = context.loop().now();
      int limit = buf.limit();
      context.sink().dispatch(buf, at, frameLength, this);
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

  /**
   * Writes at once what the socket takes; the rest of a frame the socket took part of is always
   * queued (the stream must stay whole), a further frame only while the queue stays within its
   * limit: {@link #QUEUE_BYTES}, or {@link #MAX_FRAME_WITHOUT_ALLOCATION} for a client without an
   * allocation, which has only answers to read and no reason to stop reading them.
   */
  protected final void writeRaw(ByteBuffer bytes) throws IOException {
    if (queue.held() == 0) {
      channel.write(bytes);
      if (!bytes.hasRemaining()) {
        return;
      }
    } else {
      int limit = allocation == null ? MAX_FRAME_WITHOUT_ALLOCATION : QUEUE_BYTES;
      if (queue.held() + bytes.remaining() > limit) {
        dropOrClose();
        return;
      }
    }
    queue.ensureFree(bytes.remaining()).put(bytes);
    updateInterest();
  }

  /**
   * A whole frame that does not fit is dropped like a lost datagram; the stream stays consistent.
   */
  protected void dropOrClose() {
    context.metrics().droppedPackets.increment();
    LOG.fine(() -> "send queue to " + remote + " full; dropping a frame");
  }

  private void flushQueue() throws IOException {
    ByteBuffer waiting = queue.buffer();
    waiting.flip();
    channel.write(waiting);
    waiting.compact();
    releaseIfIdle(queue);
    updateInterest();
  }

  /**
   * Stops or resumes reading (while the TLS handshake thread works for this connection); queued
   * bytes keep being written.
   */
  protected final void pauseReading(boolean paused) {
    readingPaused = paused;
    updateInterest();
  }

  private void updateInterest() {
    if (key == null || !key.isValid()) {
      return;
    }
    boolean writing = queue.held() > 0;
    key.interestOps(
        (readingPaused ? 0 : SelectionKey.OP_READ) | (writing ? SelectionKey.OP_WRITE : 0));
  }

  @Override
  public void onFailure(SelectionKey key, IOException error) {
    LOG.log(Level.FINE, "connection " + remote + " failed", error);
    close();
  }

  public void close() {
    close(null);
  }

  /** Closes the connection; a reason counts it in turn_connections_closed_total. */
  public void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    if (reason != null) {
      context.metrics().connectionsClosed.get(reason).increment();
    }
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "close " + remote, e);
    }
    partial.release();
    queue.release();
    releaseBuffers();
    onClose.accept(this);
  }

  /** Gives back what a subclass holds, at close. */
  protected void releaseBuffers() {}

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
