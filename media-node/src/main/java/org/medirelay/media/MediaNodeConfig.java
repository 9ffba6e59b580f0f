package org.medirelay.media;

import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medirelay.media.signaling.SignalingLimits;
import org.medirelay.net.IpLiterals;
import org.medirelay.net.LocalAddress;
import org.medirelay.net.LocalAddresses;

/**
 * Every configuration key of the media node, read from the environment (the one place that names
 * them).
 *
 * @param nodeId {@code MEDIA_NODE_ID}: this node's id in the app's registry and in join tokens'
 *     {@code node} claim
 * @param udpPort {@code MEDIA_UDP_PORT}: the single UDP port for all media (default 10000; 0 = any
 *     free port)
 * @param bindAddresses {@code MEDIA_BIND_ADDRESSES}: comma-separated local IPs to use; default
 *     every address of every up interface not excluded
 * @param excludedInterfaces {@code MEDIA_EXCLUDED_INTERFACES}: comma-separated interface names
 *     never advertised (e.g. {@code docker0})
 * @param publicAddress {@code MEDIA_PUBLIC_ADDRESS}: the public IP of a 1:1 NAT in front of the
 *     node (cloud hosts)
 * @param signalingHost {@code MEDIA_SIGNALING_HOST}: address the signaling/health HTTP server binds
 *     (default 0.0.0.0)
 * @param signalingPort {@code MEDIA_SIGNALING_PORT}: its TCP port (default 8443; 0 = any free port)
 * @param publicSignalingUrl {@code MEDIA_PUBLIC_SIGNALING_URL}: the ws(s):// URL browsers use,
 *     reported to the app (default {@code ws://localhost:<port>/ws}, or {@code wss://} with TLS)
 * @param signalingTlsCert {@code MEDIA_SIGNALING_TLS_CERT}: PEM certificate chain for serving
 *     signaling as wss:// (pages served over https may only open wss://); with {@code
 *     MEDIA_SIGNALING_TLS_KEY}, its PEM (PKCS#8) private key. Without both, plain ws:// (behind a
 *     TLS-terminating proxy, or for development)
 * @param signalingTlsKey {@code MEDIA_SIGNALING_TLS_KEY}: see {@code signalingTlsCert}
 * @param appUrl {@code APP_URL}: the app's base URL, for the JWKS and the registry (default
 *     http://localhost:8080)
 * @param tokenIssuer {@code TOKEN_ISSUER}: the issuer join tokens must carry (default: {@code
 *     APP_URL})
 * @param registrationSecret {@code MEDIA_NODE_SECRET}: shared secret for heartbeats; without it the
 *     node does not register
 * @param metricsToken {@code MEDIA_METRICS_TOKEN}: bearer token a Prometheus scraper sends for
 *     {@code /metrics}; without it only scrapers on this machine get the metrics
 * @param capacity {@code MEDIA_CAPACITY}: participants this node accepts (default 200)
 * @param signaling how long each step of a signaling connection may take and how many may be open:
 *     {@code MEDIA_SIGNALING_IDLE_SECONDS} (30), a connection that sends nothing (not even the pong
 *     a browser returns to our pings, sent every third of this) for this long is closed and its
 *     participant leaves; {@code MEDIA_SIGNALING_UPGRADE_SECONDS} (10), from accepting it to its
 *     completed WebSocket upgrade; {@code MEDIA_SIGNALING_JOIN_SECONDS} (10), from the upgrade to
 *     the join message; {@code MEDIA_SIGNALING_MAX_CONNECTIONS} (1000) open in all, and {@code
 *     MEDIA_SIGNALING_MAX_CONNECTIONS_PER_ADDRESS} (50) from one source address
 * @param maxParticipantsPerSession {@code MEDIA_MAX_PARTICIPANTS_PER_SESSION}: participants one
 *     session may have here (default 8), so that one consultation's invitations cannot take the
 *     capacity every other consultation on the node shares
 * @param adaptation {@code MEDIA_ADAPTATION}: {@code on} (default) adapts what each receiver gets
 *     to its link (congestion feedback, simulcast layers, video paused before audio suffers);
 *     {@code off} forwards what each publisher sends to everyone, as it is
 */
public record MediaNodeConfig(
    String nodeId,
    int udpPort,
    List<InetAddress> bindAddresses,
    Set<String> excludedInterfaces,
    InetAddress publicAddress,
    String signalingHost,
    int signalingPort,
    String publicSignalingUrl,
    Path signalingTlsCert,
    Path signalingTlsKey,
    String appUrl,
    String tokenIssuer,
    String registrationSecret,
    String metricsToken,
    int capacity,
    SignalingLimits signaling,
    int maxParticipantsPerSession,
    boolean adaptation) {

  public MediaNodeConfig {
    if (maxParticipantsPerSession < 2) {
      throw new IllegalArgumentException(
          "MEDIA_MAX_PARTICIPANTS_PER_SESSION must be at least 2 (a doctor and a patient)");
    }
  }

  public static MediaNodeConfig fromEnvironment(Map<String, String> env) {
    String appUrl = stripSlash(env.getOrDefault("APP_URL", "http://localhost:8080"));
    Set<String> excluded = Set.copyOf(list(env.get("MEDIA_EXCLUDED_INTERFACES")));
    List<InetAddress> bind = new ArrayList<>();
    for (String address : list(env.get("MEDIA_BIND_ADDRESSES"))) {
      bind.add(literal(address, "MEDIA_BIND_ADDRESSES"));
    }
    String publicAddress = env.get("MEDIA_PUBLIC_ADDRESS");
    Path tlsCert = readableFile(env, "MEDIA_SIGNALING_TLS_CERT");
    Path tlsKey = readableFile(env, "MEDIA_SIGNALING_TLS_KEY");
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "MEDIA_SIGNALING_TLS_CERT and MEDIA_SIGNALING_TLS_KEY go together: set both or neither");
    }
    return new MediaNodeConfig(
        env.getOrDefault("MEDIA_NODE_ID", "media-1"),
        integer(env, "MEDIA_UDP_PORT", 10000),
        List.copyOf(bind),
        excluded,
        publicAddress == null || publicAddress.isBlank()
            ? null
            : literal(publicAddress, "MEDIA_PUBLIC_ADDRESS"),
        env.getOrDefault("MEDIA_SIGNALING_HOST", "0.0.0.0"),
        integer(env, "MEDIA_SIGNALING_PORT", 8443),
        env.get("MEDIA_PUBLIC_SIGNALING_URL"),
        tlsCert,
        tlsKey,
        appUrl,
        stripSlash(env.getOrDefault("TOKEN_ISSUER", appUrl)),
        env.get("MEDIA_NODE_SECRET"),
        env.get("MEDIA_METRICS_TOKEN"),
        integer(env, "MEDIA_CAPACITY", 200),
        new SignalingLimits(
            integer(env, "MEDIA_SIGNALING_IDLE_SECONDS", 30),
            integer(env, "MEDIA_SIGNALING_UPGRADE_SECONDS", 10),
            integer(env, "MEDIA_SIGNALING_JOIN_SECONDS", 10),
            integer(env, "MEDIA_SIGNALING_MAX_CONNECTIONS", 1000),
            integer(env, "MEDIA_SIGNALING_MAX_CONNECTIONS_PER_ADDRESS", 50)),
        integer(env, "MEDIA_MAX_PARTICIPANTS_PER_SESSION", 8),
        onOff(env, "MEDIA_ADAPTATION", true));
  }

  /**
   * The addresses to bind: the configured ones, or every address of every up, non-excluded
   * interface.
   */
  public List<InetAddress> mediaAddresses() throws SocketException {
    if (!bindAddresses.isEmpty()) {
      return bindAddresses;
    }
    return LocalAddresses.list().stream()
        .filter(local -> local.interfaceUp() && !excludedInterfaces.contains(local.interfaceName()))
        .map(LocalAddress::address)
        .filter(address -> !address.isLinkLocalAddress() && !address.isMulticastAddress())
        .toList();
  }

  /** The signaling URL to hand to browsers, given the port actually bound. */
  public String signalingUrl(int boundPort) {
    return publicSignalingUrl != null && !publicSignalingUrl.isBlank()
        ? publicSignalingUrl
        : (signalingTlsCert != null ? "wss://" : "ws://")
            + (isWildcard(signalingHost) ? "localhost" : hostForUrl(signalingHost))
            + ":"
            + boundPort
            + "/ws";
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.strip());
        }
      }
    }
    return items;
  }

  private static Path readableFile(Map<String, String> env, String key) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path file = Path.of(value.strip());
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(key + ": cannot read " + file);
    }
    return file;
  }

  private static int integer(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
    }
  }

  private static boolean onOff(Map<String, String> env, String key, boolean fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default ->
          throw new IllegalArgumentException(key + " must be on or off, not '" + value + "'");
    };
  }

  /** Parses an IP literal only: configuration must never trigger DNS lookups. */
  private static InetAddress literal(String value, String key) {
    return IpLiterals.parse(value.strip())
        .orElseThrow(
            () ->
                new IllegalArgumentException(key + " must hold IP addresses, not '" + value + "'"));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
