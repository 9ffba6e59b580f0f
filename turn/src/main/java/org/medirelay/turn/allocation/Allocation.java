package org.medirelay.turn.allocation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One TURN allocation (RFC 8656 §2.2): a relay socket bound for one client 5-tuple, with its
 * permissions, channel bindings and expiry. Lives on the event loop thread only.
 */
public final class Allocation {

  /**
   * Peers remembered per allocation for the allocation-free relay path; beyond this the oldest
   * unbound one goes.
   */
  static final int MAX_ENDPOINTS = 256;

  /** Outcome of a ChannelBind (RFC 8656 §11.2). */
  public enum BindResult {
    BOUND,
    CHANNEL_IN_USE_BY_OTHER_PEER,
    PEER_BOUND_TO_OTHER_CHANNEL,
    TOO_MANY_PERMISSIONS
  }

  private final String username;
  private final ClientLink client;
  private final DatagramChannel relayChannel;
  private final InetSocketAddress relayedAddress;
  private final int maxPermissions;
  private final BandwidthBudget budget;
  private final Map<InetAddress, Permission> permissions = new HashMap<>();
  private final ArrayList<PeerEndpoint> endpoints = new ArrayList<>();
  private final ArrayList<ChannelBinding> channels = new ArrayList<>();
  private SelectionKey relayKey;
  private PeerEndpoint lastPeer;

  /**
   * No permission or channel expires before this, so the once-a-second sweep can skip the
   * allocation until then.
   */
  private long nextExpiry = Long.MAX_VALUE;

  private long expiresAt;
  private byte[] allocateTransactionId;
  private byte[] allocateResponse;
  private boolean closed;

  public Allocation(
      String username,
      ClientLink client,
      DatagramChannel relayChannel,
      InetSocketAddress relayedAddress,
      int maxPermissions,
      long maxBytesPerSecond,
      long now) {
    this.username = username;
    this.client = client;
    this.relayChannel = relayChannel;
    this.relayedAddress = relayedAddress;
    this.maxPermissions = maxPermissions;
    this.budget = new BandwidthBudget(maxBytesPerSecond, now);
  }

  public String username() {
    return username;
  }

  public ClientLink client() {
    return client;
  }

  public DatagramChannel relayChannel() {
    return relayChannel;
  }

  /** The address clients and peers see (the external IP when one is configured). */
  public InetSocketAddress relayedAddress() {
    return relayedAddress;
  }

  public void relayKey(SelectionKey key) {
    this.relayKey = key;
  }

  public long expiresAt() {
    return expiresAt;
  }

  public void expiresAt(long expiresAt) {
    this.expiresAt = expiresAt;
  }

  public boolean isLive(long now) {
    return !closed && now < expiresAt;
  }

  /**
   * Remembers the success response of the Allocate that made this allocation, to answer its
   * retransmissions.
   */
  public void rememberAllocateResponse(byte[] transactionId, byte[] response) {
    this.allocateTransactionId = transactionId;
    this.allocateResponse = response;
  }

  /**
   * The response to resend when {@code transactionId} is a retransmission of the Allocate, else
   * null.
   */
  public byte[] allocateResponseFor(byte[] transactionId) {
    return Arrays.equals(transactionId, allocateTransactionId) ? allocateResponse : null;
  }

  public boolean tryConsumeBandwidth(int bytes, long now) {
    return budget.tryConsume(bytes, now);
  }

  /**
   * Installs or refreshes permission for a peer IP; false when the allocation already has its
   * maximum.
   */
  public boolean installPermission(InetAddress peer, long now, long lifetimeMillis) {
    Permission p = permissions.get(peer);
    if (p == null) {
      if (countLivePermissions(now) >= maxPermissions) {
        return false;
      }
      p = new Permission(peer, now + lifetimeMillis);
      permissions.put(peer, p);
    } else {
      p.expiresAt = now + lifetimeMillis;
    }
    nextExpiry = Math.min(nextExpiry, p.expiresAt);
    return true;
  }

  private int countLivePermissions(long now) {
    int live = 0;
    for (Permission p : permissions.values()) {
      if (p.isLive(now)) {
        live++;
      }
    }
    return live;
  }

  public boolean hasPermission(InetAddress peer, long now) {
    Permission p = permissions.get(peer);
    return p != null && p.isLive(now);
  }

  /**
   * The endpoint for a peer datagram's source, or null when no live permission covers it.
   * Allocation-free once the peer is known: the JDK returns the same address object for consecutive
   * datagrams from one source.
   */
  public PeerEndpoint endpointFor(InetSocketAddress peer, long now) {
    PeerEndpoint last = lastPeer;
    if (last != null && (last.address == peer || last.address.equals(peer))) {
      return last.permission.isLive(now) ? last : null;
    }
    for (int i = 0, n = endpoints.size(); i < n; i++) {
      PeerEndpoint e = endpoints.get(i);
      if (e.address.equals(peer)) {
        lastPeer = e;
        return e.permission.isLive(now) ? e : null;
      }
    }
    Permission p = permissions.get(peer.getAddress());
    if (p == null || !p.isLive(now)) {
      return null;
    }
    return remember(new PeerEndpoint(peer, p));
  }

  /**
   * The endpoint for an address decoded in place from a Send indication, or null without a live
   * permission.
   */
  public PeerEndpoint endpointFor(byte[] raw, int rawLength, int port, long now) {
    for (int i = 0, n = endpoints.size(); i < n; i++) {
      PeerEndpoint e = endpoints.get(i);
      if (e.matches(raw, rawLength, port)) {
        return e.permission.isLive(now) ? e : null;
      }
    }
    try {
      InetAddress address = InetAddress.getByAddress(Arrays.copyOf(raw, rawLength));
      return endpointFor(new InetSocketAddress(address, port), now);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private PeerEndpoint remember(PeerEndpoint endpoint) {
    if (endpoints.size() >= MAX_ENDPOINTS) {
      for (Iterator<PeerEndpoint> it = endpoints.iterator(); it.hasNext(); ) {
        PeerEndpoint old = it.next();
        if (old.channel == null) {
          it.remove();
          break;
        }
      }
    }
    endpoints.add(endpoint);
    lastPeer = endpoint;
    return endpoint;
  }

  /** The live channel with this number, or null. */
  public ChannelBinding channel(int number, long now) {
    for (int i = 0, n = channels.size(); i < n; i++) {
      ChannelBinding c = channels.get(i);
      if (c.number == number) {
        return c.isLive(now) ? c : null;
      }
    }
    return null;
  }

  /**
   * Binds (or refreshes) {@code number} to {@code peer} and installs or refreshes the permission
   * for its IP (RFC 8656 §11.2).
   */
  public BindResult bindChannel(
      int number, InetSocketAddress peer, long now, long channelMillis, long permissionMillis) {
    for (ChannelBinding c : channels) {
      if (c.number == number && !c.peer.address.equals(peer)) {
        return BindResult.CHANNEL_IN_USE_BY_OTHER_PEER;
      }
      if (c.number != number && c.peer.address.equals(peer)) {
        return BindResult.PEER_BOUND_TO_OTHER_CHANNEL;
      }
    }
    if (!installPermission(peer.getAddress(), now, permissionMillis)) {
      return BindResult.TOO_MANY_PERMISSIONS;
    }
    PeerEndpoint endpoint = endpointFor(peer, now);
    ChannelBinding existing = endpoint.channel;
    if (existing != null) {
      existing.expiresAt = now + channelMillis;
    } else {
      ChannelBinding binding = new ChannelBinding(number, endpoint, now + channelMillis);
      endpoint.channel = binding;
      channels.add(binding);
    }
    nextExpiry = Math.min(nextExpiry, now + channelMillis);
    return BindResult.BOUND;
  }

  /**
   * Drops expired channels and permissions (a permission stays while a live channel still names its
   * IP).
   */
  public void sweep(long now) {
    if (now < nextExpiry) {
      return;
    }
    channels.removeIf(
        c -> {
          if (!c.isLive(now)) {
            c.peer.channel = null;
            return true;
          }
          return false;
        });
    permissions
        .values()
        .removeIf(p -> !p.isLive(now) && channels.stream().noneMatch(c -> c.peer.permission == p));
    endpoints.removeIf(e -> e.channel == null && !permissions.containsKey(e.address.getAddress()));
    if (lastPeer != null && !endpoints.contains(lastPeer)) {
      lastPeer = null;
    }
    // A permission past its time but kept for a live channel goes when that channel does, so only
    // later times count.
    nextExpiry = Long.MAX_VALUE;
    for (ChannelBinding c : channels) {
      nextExpiry = Math.min(nextExpiry, c.expiresAt);
    }
    for (Permission p : permissions.values()) {
      if (p.expiresAt > now) {
        nextExpiry = Math.min(nextExpiry, p.expiresAt);
      }
    }
  }

  /** Sends one datagram from the relay socket; false when the socket buffer is full. */
  public boolean sendToPeer(ByteBuffer data, InetSocketAddress peer) throws IOException {
    return relayChannel.send(data, peer) > 0;
  }

  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (relayKey != null) {
      relayKey.cancel();
    }
    try {
      relayChannel.close();
    } catch (IOException e) {
      // Nothing to recover: the socket is gone either way.
    }
  }

  public boolean isClosed() {
    return closed;
  }
}
