package org.medirelay.turn.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters. The event loop increments them (a {@link LongAdder} on one thread is a
 * plain add, nothing allocated); the Prometheus endpoint reads them from its own thread.
 */
public final class TurnMetrics {

  public final LongAdder allocationsCreated = new LongAdder();
  public final LongAdder allocationsActive = new LongAdder();
  public final LongAdder packetsToPeers = new LongAdder();
  public final LongAdder bytesToPeers = new LongAdder();
  public final LongAdder packetsToClients = new LongAdder();
  public final LongAdder bytesToClients = new LongAdder();
  public final LongAdder authFailures = new LongAdder();
  public final LongAdder unauthorizedDropped = new LongAdder();
  public final LongAdder deniedPeers = new LongAdder();
  public final LongAdder malformedPackets = new LongAdder();
  public final LongAdder droppedPackets = new LongAdder();
  public final LongAdder connectionsOpen = new LongAdder();
  public final LongAdder connectionBufferBytes = new LongAdder();
  public final LongAdder acceptFailures = new LongAdder();
  public final LabelledCounter connectionsRefused =
      new LabelledCounter(
          "turn_connections_refused_total",
          "TCP and TLS connections closed as soon as accepted, over a limit.",
          "reason",
          "max_connections",
          "max_connections_per_ip");
  public final LabelledCounter connectionsClosed =
      new LabelledCounter(
          "turn_connections_closed_total",
          "TCP and TLS connections the server closed, by reason.",
          "reason",
          "first_message_timeout",
          "idle",
          "oversized_frame",
          "unframeable",
          "send_queue_full",
          "tls_failed");
  public final LabelledCounter allocationsRefused =
      new LabelledCounter(
          "turn_allocations_refused_total",
          "Allocate requests refused: 486 for a quota, 508 when no relay port is free.",
          "reason",
          "user_quota",
          "source_quota",
          "total_quota",
          "no_relay_port");

  /** Prometheus text exposition format 0.0.4. */
  public String exposition() {
    StringBuilder out = new StringBuilder(1024);
    gauge(out, "turn_allocations", "Allocations currently active.", allocationsActive.sum());
    counter(
        out,
        "turn_allocations_created_total",
        "Allocations created since start.",
        allocationsCreated.sum());
    out.append("# HELP turn_relayed_packets_total Packets relayed, by direction.\n")
        .append("# TYPE turn_relayed_packets_total counter\n")
        .append("turn_relayed_packets_total{direction=\"client_to_peer\"} ")
        .append(packetsToPeers.sum())
        .append('\n')
        .append("turn_relayed_packets_total{direction=\"peer_to_client\"} ")
        .append(packetsToClients.sum())
        .append('\n');
    out.append("# HELP turn_relayed_bytes_total Application bytes relayed, by direction.\n")
        .append("# TYPE turn_relayed_bytes_total counter\n")
        .append("turn_relayed_bytes_total{direction=\"client_to_peer\"} ")
        .append(bytesToPeers.sum())
        .append('\n')
        .append("turn_relayed_bytes_total{direction=\"peer_to_client\"} ")
        .append(bytesToClients.sum())
        .append('\n');
    counter(
        out,
        "turn_auth_failures_total",
        "Requests that failed long-term credential checks.",
        authFailures.sum());
    counter(
        out,
        "turn_unauthorized_answers_dropped_total",
        "401/438 answers not sent because the source exceeded its rate.",
        unauthorizedDropped.sum());
    counter(
        out,
        "turn_denied_peers_total",
        "Permissions or channels refused by the peer address policy.",
        deniedPeers.sum());
    counter(
        out,
        "turn_malformed_packets_total",
        "Packets dropped as malformed.",
        malformedPackets.sum());
    counter(
        out,
        "turn_dropped_packets_total",
        "Relay packets dropped: no permission, over bandwidth, or a full send buffer.",
        droppedPackets.sum());
    allocationsRefused.expose(out);
    gauge(out, "turn_connections", "TCP and TLS client connections open.", connectionsOpen.sum());
    gauge(
        out,
        "turn_connection_buffer_bytes",
        "Bytes of buffers TCP and TLS connections hold for frames in waiting.",
        connectionBufferBytes.sum());
    connectionsRefused.expose(out);
    connectionsClosed.expose(out);
    counter(
        out,
        "turn_accept_failures_total",
        "Times accepting a TCP or TLS connection failed (then accepting pauses).",
        acceptFailures.sum());
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    metric(out, name, help, "gauge", value);
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    metric(out, name, help, "counter", value);
  }

  private static void metric(StringBuilder out, String name, String help, String type, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(name).append(' ').append(value).append('\n');
  }
}
