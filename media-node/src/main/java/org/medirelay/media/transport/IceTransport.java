package org.medirelay.media.transport;

import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.util.BufferHandler;
import org.medirelay.net.IpLiterals;

/**
 * One participant's ICE session: a full ICE agent (we are the offerer, so the controlling agent)
 * with one component, since BUNDLE and rtcp-mux put all media on one 5-tuple. Incoming payload is
 * pushed to {@code onData}; sends go out through the selected pair.
 */
public final class IceTransport {

  private static final Logger LOG = Logger.getLogger(IceTransport.class.getName());

  /** What the transport tells its owner. */
  public interface Listener {
    void iceConnected();

    void iceFailed();
  }

  /**
   * A negative check pace (Ta), set as the agent is freed. ice4j's {@code PeriodicRunnable.cancel}
   * can lose a race with the run it cancels (it clears the field by which that run's reschedule
   * knows it was cancelled), and the agent's check pacer then runs every 20 ms for ever, holding
   * the agent and keeping ice4j's pool threads busy: about one agent in 150 in a churn soak. The
   * pacer asks the agent for its delay before each reschedule, and a negative delay ends it.
   */
  private static final long STOP_PACING = -1_000_000;

  private final Agent agent;
  private final IceMediaStream stream;
  private final Component component;
  private final Listener listener;
  private final PropertyChangeListener stateListener = this::stateChanged;

  /**
   * Orders {@link #start}, trickled candidates and {@link #close}, so a closed agent never starts.
   */
  private final Object lifecycle = new Object();

  /**
   * Reused for every send on the hot path, addressed to {@link #sendPair}'s remote side; guarded by
   * {@code this}.
   */
  private final DatagramPacket outgoing = new DatagramPacket(new byte[0], 0);

  /**
   * The selected pair {@link #outgoing} and {@link #sendSocket} were set up for; guarded by {@code
   * this}.
   */
  private CandidatePair sendPair;

  private IceSocketWrapper sendSocket;
  private boolean started;
  private volatile SocketAddress lastVerifiedRemote;
  private boolean closed;

  public IceTransport(IceUdpPort port, Listener listener) throws IOException {
    this.listener = listener;
    this.agent = port.newAgent();
    agent.setControlling(true);
    agent.setPerformConsentFreshness(true);
    this.stream = agent.createMediaStream("bundle");
    this.component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
    agent.addStateChangeListener(stateListener);
  }

  /**
   * Where the payload of datagrams from the peer goes (everything but STUN, which ice4j answers);
   * set before {@link #start}, since nothing arrives before the peer knows our candidates.
   */
  public void receiveInto(BufferHandler onData) {
    component.setBufferCallback(onData);
  }

  /** The ICE agent, for tests that check a closed transport lets it go. */
  Agent agent() {
    return agent;
  }

  public String ufrag() {
    return agent.getLocalUfrag();
  }

  public String password() {
    return agent.getLocalPassword();
  }

  /** Our candidates as SDP {@code candidate:} lines (RFC 8839 section 5.1). */
  public List<String> localCandidateLines() {
    List<String> lines = new ArrayList<>();
    for (LocalCandidate candidate : component.getLocalCandidates()) {
      lines.add(candidateLine(candidate));
    }
    return lines;
  }

  private static String candidateLine(LocalCandidate c) {
    String line =
        "candidate:"
            + c.getFoundation()
            + " 1 udp "
            + c.getPriority()
            + " "
            + c.getTransportAddress().getHostAddress()
            + " "
            + c.getTransportAddress().getPort()
            + " typ "
            + c.getType();
    if (c.getRelatedAddress() != null) {
      line +=
          " raddr "
              + c.getRelatedAddress().getHostAddress()
              + " rport "
              + c.getRelatedAddress().getPort();
    }
    return line + " generation 0";
  }

  /** Starts connectivity checks once the peer's credentials (and maybe candidates) are known. */
  public void start(String remoteUfrag, String remotePassword, List<String> candidateLines) {
    synchronized (lifecycle) {
      if (started || closed) {
        return;
      }
      stream.setRemoteUfrag(remoteUfrag);
      stream.setRemotePassword(remotePassword);
      for (String line : candidateLines) {
        RemoteCandidate candidate = parseCandidate(line);
        if (candidate != null) {
          component.addRemoteCandidate(candidate);
        }
      }
      started = true;
      agent.startConnectivityEstablishment();
    }
  }

  /** A candidate the browser trickled after its answer. */
  public void addRemoteCandidate(String line) {
    RemoteCandidate candidate = parseCandidate(line);
    if (candidate == null) {
      return;
    }
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      if (started) {
        component.addUpdateRemoteCandidates(candidate);
        component.updateRemoteCandidates();
      } else {
        component.addRemoteCandidate(candidate);
      }
    }
  }

  /**
   * Parses {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ
   * <type> …}; only UDP candidates with literal addresses (mDNS names cannot be resolved here; the
   * peer's checks still reach us and ice4j learns a peer-reflexive candidate from them).
   */
  RemoteCandidate parseCandidate(String line) {
    String text = line.startsWith("a=") ? line.substring(2) : line;
    if (text.startsWith("candidate:")) {
      text = text.substring("candidate:".length());
    }
    String[] f = text.trim().split("\\s+");
    if (f.length < 8 || !"udp".equalsIgnoreCase(f[2]) || !"1".equals(f[1]) || !"typ".equals(f[6])) {
      return null;
    }
    InetAddress address = IpLiterals.parse(f[4]).orElse(null);
    if (address == null) {
      return null;
    }
    try {
      int port = Integer.parseInt(f[5]);
      if (port <= 0 || port > 65535) {
        return null;
      }
      return new RemoteCandidate(
          new TransportAddress(address, port, Transport.UDP),
          component,
          CandidateType.parse(f[7]),
          f[0],
          Long.parseLong(f[3]),
          null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Sends one datagram to the peer. Thread-safe; allocates nothing once a pair is selected. */
  public void send(byte[] buf, int off, int len) throws IOException {
    CandidatePair pair = component.getSelectedPair();
    if (pair == null) {
      component.send(buf, off, len);
      return;
    }
    synchronized (this) {
      if (pair != sendPair) {
        useSelectedPair(pair);
      }
      outgoing.setData(buf, off, len);
      sendSocket.send(outgoing);
    }
  }

  /**
   * Looks up the socket and remote address of a newly selected pair once, rather than on every send
   * (ice4j finds the socket with a locked map lookup).
   */
  private void useSelectedPair(CandidatePair pair) throws IOException {
    IceSocketWrapper socket = pair.getIceSocketWrapper();
    if (socket == null) {
      throw new IOException("no socket for the selected pair");
    }
    sendSocket = socket;
    sendPair = pair;
    outgoing.setSocketAddress(pair.getRemoteCandidate().getTransportAddress());
  }

  /**
   * True when a datagram from {@code remote} may be processed: before a pair is selected anything
   * the harvester delivered (the browser's DTLS can beat our nomination); afterwards the remote
   * address of any pair whose connectivity check succeeded (with our ICE password), since the
   * controlled side may keep sending on a valid pair other than the one we nominated. The selected
   * pair and the last verified other address are checked without a search.
   */
  public boolean acceptsFrom(SocketAddress remote) {
    CandidatePair selected = component.getSelectedPair();
    if (selected == null || selected.getRemoteCandidate().getTransportAddress().equals(remote)) {
      return true;
    }
    if (remote != null && remote.equals(lastVerifiedRemote)) {
      return true;
    }
    synchronized (stream.getCheckList()) {
      for (CandidatePair pair : stream.getCheckList()) {
        if (pair.getState() == CandidatePairState.SUCCEEDED
            && pair.getRemoteCandidate().getTransportAddress().equals(remote)) {
          lastVerifiedRemote = remote;
          return true;
        }
      }
    }
    return false;
  }

  /** "address:port" of the selected pair's remote side, for logs and stats. */
  public String selectedRemote() {
    CandidatePair pair = component.getSelectedPair();
    return pair == null ? null : pair.getRemoteCandidate().getTransportAddress().toString();
  }

  private void stateChanged(PropertyChangeEvent event) {
    if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
      return;
    }
    IceProcessingState state = (IceProcessingState) event.getNewValue();
    LOG.fine(() -> "ICE " + ufrag() + " -> " + state);
    if (state == IceProcessingState.COMPLETED) {
      listener.iceConnected();
    } else if (state == IceProcessingState.FAILED) {
      listener.iceFailed();
    }
  }

  /**
   * Ends the ICE session. Outside {@link #lifecycle} once marked closed: freeing the agent fires
   * its state listeners and stops its checks on ice4j's threads, which may be calling into us.
   */
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    agent.removeStateChangeListener(stateListener);
    agent.setTa(STOP_PACING);
    try {
      agent.free();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "freeing ICE agent", e);
    }
  }
}
