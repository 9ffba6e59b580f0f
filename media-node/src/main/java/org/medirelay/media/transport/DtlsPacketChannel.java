package org.medirelay.media.transport;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.medirelay.media.packet.Packet;

/**
 * BouncyCastle's view of one participant's DTLS records. The receive side is fed by the packet
 * demultiplexer (it takes ownership of each packet and releases it once copied); the send side
 * writes through ICE.
 */
final class DtlsPacketChannel implements DatagramTransport {

  /** DTLS records we send stay under typical path MTUs after IP/UDP headers. */
  private static final int SEND_LIMIT = 1200;

  private static final int RECEIVE_LIMIT = 1500;

  private final ArrayBlockingQueue<Packet> incoming = new ArrayBlockingQueue<>(64);
  private final DtlsSession.Sender sender;
  private volatile boolean closed;

  DtlsPacketChannel(DtlsSession.Sender sender) {
    this.sender = sender;
  }

  /**
   * Takes ownership of {@code packet}; drops it when the handshake thread is behind. Locked with
   * {@link #close} (DTLS records are few): an offer that saw the channel open could otherwise queue
   * its packet after close had drained the queue, and the buffer would never go back to the pool.
   */
  synchronized boolean offer(Packet packet) {
    if (closed || !incoming.offer(packet)) {
      packet.release();
      return false;
    }
    return true;
  }

  @Override
  public int getReceiveLimit() {
    return RECEIVE_LIMIT;
  }

  @Override
  public int getSendLimit() {
    return SEND_LIMIT;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new IOException("DTLS channel closed");
    }
    Packet packet;
    try {
      packet = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (packet == null) {
      return -1;
    }
    try {
      int n = Math.min(len, packet.getLength());
      System.arraycopy(packet.getBuffer(), packet.getOffset(), buf, off, n);
      return n;
    } finally {
      packet.release();
    }
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("DTLS channel closed");
    }
    try {
      sender.send(buf, off, len);
    } catch (IOException e) {
      // Our side of ICE may not have a valid pair yet when the browser's first flight arrives. A
      // datagram that cannot
      // be sent is a lost datagram: DTLS retransmits it, so the handshake must not fail here.
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    Packet packet;
    while ((packet = incoming.poll()) != null) {
      packet.release();
    }
  }
}
