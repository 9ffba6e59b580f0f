package org.medirelay.turn.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A TLS client connection (TURN over TLS, "turns:"): an {@link SSLEngine} in server mode between
 * the socket and the frames of {@link StreamConnection}.
 *
 * <p>Handshakes run on the server's handshake thread, never on the relay loop: the loop reads what
 * arrives, stops reading, and hands a <em>step</em> to that thread, which unwraps, computes (key
 * exchange, signing), and wraps what is to be sent until it needs more from the client; back on the
 * loop the step's bytes are written and reading resumes. While a step runs, the engine and the
 * buffers {@code netIn}, {@code in} and {@code out} belong to the handshake thread and the loop
 * touches none of them. Once the handshake is done, records are decrypted on the loop.
 *
 * <p>Records wait in {@link ElasticBuffer}s as large as they are, and the loop's writes go through
 * the listener's one scratch buffer, so a connection that never finishes its handshake holds
 * little; before it has an allocation, a record longer than {@link #MAX_RECORD_WITHOUT_ALLOCATION}
 * closes it. A TLS stream cannot lose a record, so a full send queue closes the connection.
 */
public final class TlsConnection extends StreamConnection {

  private static final Logger LOG = Logger.getLogger(TlsConnection.class.getName());
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final int RECORD_HEADER = 5;

  /**
   * The longest TLS record from a client without an allocation: its handshake messages (a
   * ClientHello is 2 KB at most with today's key shares) and requests are small.
   */
  static final int MAX_RECORD_WITHOUT_ALLOCATION = MAX_FRAME_WITHOUT_ALLOCATION + 1024;

  private final Supplier<SSLEngine> engines;
  private final Executor handshakes;
  private final Supplier<ByteBuffer> scratch;
  private final int packetSize;

  /** Records received and not yet decrypted. */
  private final ElasticBuffer netIn;

  /** Decrypted bytes not yet framed. */
  private final ElasticBuffer in;

  /** What a handshake step has to send. */
  private final ElasticBuffer out;

  /** A handshake step runs: the handshake thread owns the engine and the buffers. */
  private boolean stepRunning;

  /**
   * Made and begun by the first step, on the handshake thread (setting up a handshake takes time);
   * null before.
   */
  private SSLEngine engine;

  /**
   * @param engines makes the connection's server-mode engine, on the handshake thread
   * @param handshakes the handshake thread
   * @param packetSize the engines' packet buffer size, which bounds a record
   * @param scratch the listener's buffer for what {@link SSLEngine#wrap} produces on the loop,
   *     cleared, of {@code packetSize}; used by one connection at a time
   */
  public TlsConnection(
      SocketChannel channel,
      Supplier<SSLEngine> engines,
      Executor handshakes,
      int packetSize,
      Supplier<ByteBuffer> scratch,
      StreamContext context,
      Consumer<StreamConnection> onClose)
      throws IOException {
    super(channel, context, onClose);
    this.engines = engines;
    this.handshakes = handshakes;
    this.scratch = scratch;
    this.packetSize = packetSize;
    this.netIn = newBuffer(packetSize);
    this.in = newBuffer(MAX_FRAME + packetSize);
    this.out = newBuffer(8 * packetSize);
  }

  @Override
  protected boolean readAndDeliver() throws IOException {
    if (channel.read(netIn.ensureFree(Math.max(1, nextRecordLength() - netIn.held()))) < 0) {
      return false;
    }
    return process();
  }

  /** On the loop: hands a handshake to the handshake thread, else decrypts and delivers. */
  private boolean process() throws IOException {
    if (!handshaking() && !unwrapAll()) {
      return false;
    }
    if (handshaking() && !isClosed()) {
      startStep(); // the first handshake, or one the client began again
    }
    return true;
  }

  private boolean handshaking() {
    if (engine == null) {
      return true;
    }
    HandshakeStatus status = engine.getHandshakeStatus();
    return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
  }

  /**
   * The length (header included) of the record that {@code netIn} starts with, as far as its header
   * has arrived (else the header's length); records are unwrapped as soon as they are whole, so
   * netIn holds at most the start of one.
   */
  private int nextRecordLength() {
    ByteBuffer records = netIn.buffer();
    if (records == null || records.position() < RECORD_HEADER) {
      return RECORD_HEADER;
    }
    return RECORD_HEADER + (records.getShort(3) & 0xFFFF);
  }

  /**
   * On the loop, outside handshakes: decrypts what has arrived into the plaintext buffer (records
   * and frames do not line up) and delivers whole frames. False when the client closed TLS.
   */
  private boolean unwrapAll() throws IOException {
    while (netIn.held() > 0 && !isClosed() && !handshaking()) {
      if (tooLong(nextRecordLength())) {
        close("oversized_frame");
        return true;
      }
      SSLEngineResult result = unwrap();
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        return false;
      }
      if (result.bytesProduced() > 0) {
        deliver();
      }
      if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
          || (result.bytesConsumed() == 0 && result.bytesProduced() == 0)) {
        break; // the record is incomplete
      }
    }
    releaseIfIdle(netIn);
    releaseIfIdle(in);
    return true;
  }

  private boolean tooLong(int record) {
    return allocation() == null && record > MAX_RECORD_WITHOUT_ALLOCATION;
  }

  /** Decrypts the record netIn starts with into {@code in}, which gets room for all of it. */
  private SSLEngineResult unwrap() throws IOException {
    int record = nextRecordLength();
    ByteBuffer records = netIn.buffer();
    records.flip();
    try {
      SSLEngineResult result = engine.unwrap(records, in.ensureFree(record));
      if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        throw new IOException("a TLS record from " + remoteAddress() + " outgrew its length");
      }
      return result;
    } catch (SSLException e) {
      throw new IOException("TLS failed with " + remoteAddress() + ": " + e.getMessage(), e);
    } finally {
      records.compact();
    }
  }

  private void deliver() throws IOException {
    ByteBuffer plain = in.buffer();
    if (plain == null) {
      return;
    }
    plain.flip();
    deliverFrames(plain);
    plain.compact();
  }

  private void startStep() {
    stepRunning = true;
    pauseReading(true);
    try {
      handshakes.execute(this::step);
    } catch (RejectedExecutionException e) {
      stepRunning = false;
      close(); // the server is stopping
    }
  }

  /**
   * On the handshake thread: moves the handshake on as far as what has arrived allows, then hands
   * the connection back to the loop.
   */
  private void step() {
    String closeReason = null;
    IOException failure = null;
    try {
      closeReason = advanceHandshake();
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e);
    }
    String reason = closeReason;
    IOException error = failure;
    context.loop().execute(() -> afterStep(reason, error));
  }

  /** Null while the connection goes on, else why it ends ("" when the client closed TLS). */
  private String advanceHandshake() throws IOException {
    if (engine == null) {
      SSLEngine created = engines.get();
      created.setUseClientMode(false);
      created.beginHandshake();
      engine = created;
    }
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> {
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
        }
        case NEED_WRAP -> {
          SSLEngineResult result = engine.wrap(EMPTY, out.ensureFree(packetSize));
          if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            return "";
          }
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (netIn.held() == 0) {
            return null;
          }
          if (tooLong(nextRecordLength())) {
            return "oversized_frame";
          }
          SSLEngineResult result = unwrap();
          if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            return "";
          }
          if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
    }
  }

  /** Back on the loop: sends what the step wrapped, and goes on with what has arrived. */
  private void afterStep(String closeReason, IOException failure) {
    stepRunning = false;
    if (isClosed()) {
      releaseBuffers(); // closed meanwhile: the step held them
      return;
    }
    try {
      ByteBuffer flight = out.buffer();
      if (flight != null) {
        flight.flip();
        writeRaw(flight);
        out.release();
      }
      if (failure != null) {
        LOG.log(Level.FINE, "TLS handshake with " + remoteAddress() + " failed", failure);
        close("tls_failed");
        return;
      }
      if (closeReason != null) {
        close(closeReason.isEmpty() ? null : closeReason);
        return;
      }
      pauseReading(false);
      if (handshaking()) {
        releaseIfIdle(in); // the step waits for more of the client's handshake
        releaseIfIdle(netIn);
        return;
      }
      deliver(); // what came with the client's last handshake record
      if (!unwrapAll()) {
        close();
      }
    } catch (IOException e) {
      onFailure(key, e);
    }
  }

  @Override
  protected void writeFrame(ByteBuffer frame) throws IOException {
    if (stepRunning) {
      context.metrics().droppedPackets.increment(); // the client began a new handshake
      return;
    }
    do {
      wrap(frame);
    } while (frame.hasRemaining() && !isClosed());
  }

  /** On the loop, after the handshake: encrypts into the listener's scratch buffer and sends. */
  private void wrap(ByteBuffer source) throws IOException {
    ByteBuffer record = scratch.get();
    SSLEngineResult result = engine.wrap(source, record);
    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      throw new IOException("a TLS record to " + remoteAddress() + " exceeds the packet size");
    }
    record.flip();
    if (record.hasRemaining()) {
      writeRaw(record);
    }
    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
      close();
    }
  }

  @Override
  protected void dropOrClose() {
    close("send_queue_full");
  }

  @Override
  protected void releaseBuffers() {
    if (stepRunning) {
      return; // the handshake thread has them; afterStep gives them back
    }
    netIn.release();
    in.release();
    out.release();
  }
}
