package org.medirelay.turn.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.medirelay.net.IpLiterals;
import org.medirelay.turn.peer.IpRange;

/**
 * Every option name of the TURN server, in one place. Names are coturn's wherever coturn has the
 * same setting, so an operator can carry a {@code turnserver.conf} over and a benchmark can drive
 * both servers with the same flags. Options come from the command line ({@code --name value},
 * {@code --name=value}) and from a configuration file ({@code -c file}: coturn's {@code name=value}
 * lines, {@code #} comments, bare names for flags).
 */
public final class TurnOptions {

  /** One option: its name, whether it takes a value, its help text and how it sets the builder. */
  public enum Option {
    LISTENING_IP(
        "listening-ip",
        "IP",
        "address to listen on; repeat for several (default: all)",
        (b, v) -> b.listeningIp(ip(v))),
    LISTENING_PORT(
        "listening-port",
        "PORT",
        "UDP and TCP port (default 3478; 0 = ephemeral)",
        (b, v) -> b.listeningPort(port(v))),
    TLS_LISTENING_PORT(
        "tls-listening-port",
        "PORT",
        "TLS port (default 5349; 443 for HTTPS-only networks)",
        (b, v) -> b.tlsListeningPort(port(v))),
    NO_UDP("no-udp", null, "no UDP listener", (b, v) -> b.udp(false)),
    NO_TCP("no-tcp", null, "no TCP listener", (b, v) -> b.tcp(false)),
    NO_TLS("no-tls", null, "no TLS listener", (b, v) -> b.tls(false)),
    RELAY_IP(
        "relay-ip",
        "IP",
        "address relay sockets bind to; one IPv4 and/or one IPv6 (default: first found)",
        (b, v) -> b.relayIp(ip(v))),
    EXTERNAL_IP(
        "external-ip",
        "PUBLIC[/PRIVATE]",
        "address advertised for relays (1:1 NAT, cloud hosts)",
        (b, v) -> b.externalIp(externalIp(v))),
    MIN_PORT(
        "min-port", "PORT", "lowest relay port (default 49152)", (b, v) -> b.minPort = port(v)),
    MAX_PORT(
        "max-port", "PORT", "highest relay port (default 65535)", (b, v) -> b.maxPort = port(v)),
    REALM(
        "realm",
        "REALM",
        "realm of the long-term credentials (default medirelay)",
        (b, v) -> b.realm(v)),
    USER(
        "user",
        "NAME:PASSWORD",
        "static user; the password may be 0x<hex key> as turnadmin prints it",
        (b, v) -> user(b, v)),
    LT_CRED_MECH(
        "lt-cred-mech",
        null,
        "long-term credentials (always on; accepted for coturn configs)",
        (b, v) -> {}),
    USE_AUTH_SECRET(
        "use-auth-secret",
        null,
        "accept TURN REST credentials (username expiry:user)",
        (b, v) -> b.useAuthSecret(true)),
    STATIC_AUTH_SECRET(
        "static-auth-secret",
        "SECRET",
        "shared secret for REST credentials; repeat to rotate",
        (b, v) -> b.staticAuthSecret(v)),
    ALLOW_LOOPBACK_PEERS(
        "allow-loopback-peers",
        null,
        "allow peers on 127.0.0.0/8 and ::1 (development only)",
        (b, v) -> b.allowLoopbackPeers(true)),
    ALLOWED_PEER_IP(
        "allowed-peer-ip",
        "IP[-IP]|CIDR",
        "allow peers in this range even if special-purpose",
        (b, v) -> b.allowedPeerIp(IpRange.parse(v))),
    DENIED_PEER_IP(
        "denied-peer-ip",
        "IP[-IP]|CIDR",
        "deny peers in this range",
        (b, v) -> b.deniedPeerIp(IpRange.parse(v))),
    USER_QUOTA(
        "user-quota",
        "N",
        "concurrent allocations per username, i.e. per REST credential (default 16; 0 = unlimited)",
        (b, v) -> b.userQuota((int) number(v))),
    SOURCE_QUOTA(
        "source-quota",
        "N",
        "concurrent allocations per client address, an IPv6 client's /64 (default 100;"
            + " 0 = unlimited)",
        (b, v) -> b.sourceQuota((int) number(v))),
    TOTAL_QUOTA(
        "total-quota",
        "N",
        "concurrent allocations in all (0 = unlimited)",
        (b, v) -> b.totalQuota((int) number(v))),
    MAX_BPS(
        "max-bps",
        "BYTES",
        "bytes per second per allocation (0 = unlimited)",
        (b, v) -> b.maxBps(number(v))),
    MAX_PERMISSIONS(
        "max-permissions",
        "N",
        "permissions per allocation (default 64)",
        (b, v) -> b.maxPermissionsPerAllocation((int) number(v))),
    CERT(
        "cert",
        "FILE",
        "TLS certificate chain, PEM (default: self-signed, generated in --data-dir)",
        (b, v) -> b.cert(Path.of(v))),
    PKEY("pkey", "FILE", "TLS private key, PEM", (b, v) -> b.pkey(Path.of(v))),
    DATA_DIR(
        "data-dir",
        "DIR",
        "where the development certificate is kept (default data/turn)",
        (b, v) -> b.dataDir(Path.of(v))),
    PROMETHEUS(
        "prometheus",
        null,
        "serve Prometheus metrics at http://<host>:<prometheus-port>/metrics",
        (b, v) -> b.prometheus(true)),
    PROMETHEUS_PORT(
        "prometheus-port",
        "PORT",
        "metrics port (default 9641)",
        (b, v) -> b.prometheusPort(port(v))),
    DEFAULT_ALLOCATE_LIFETIME(
        "default-allocate-lifetime",
        "SECONDS",
        "allocation lifetime (default 600)",
        (b, v) -> b.defaultAllocateLifetime(number(v))),
    MAX_ALLOCATE_LIFETIME(
        "max-allocate-lifetime",
        "SECONDS",
        "longest allocation lifetime (default 3600)",
        (b, v) -> b.maxAllocateLifetime(number(v))),
    CHANNEL_LIFETIME(
        "channel-lifetime",
        "SECONDS",
        "channel binding lifetime (default 600)",
        (b, v) -> b.channelLifetime(number(v))),
    PERMISSION_LIFETIME(
        "permission-lifetime",
        "SECONDS",
        "permission lifetime (default 300)",
        (b, v) -> b.permissionLifetime(number(v))),
    STALE_NONCE(
        "stale-nonce",
        "SECONDS",
        "nonce lifetime before 438 Stale Nonce (default 600)",
        (b, v) -> b.staleNonce(number(v))),
    UNAUTHORIZED_RATE(
        "unauthorized-rate",
        "PER_SECOND",
        "401/438 answers a second to one client address, shared by its ports, each port"
            + " limited to 4 at once and 1 a second (default 100)",
        (b, v) -> b.unauthorizedRate(Double.parseDouble(v))),
    MAX_CONNECTIONS(
        "max-connections",
        "N",
        "TCP and TLS client connections open at once; more are closed when accepted"
            + " (default 4000; 0 = unlimited)",
        (b, v) -> b.maxConnections((int) number(v))),
    MAX_CONNECTIONS_PER_IP(
        "max-connections-per-ip",
        "N",
        "TCP and TLS connections per client address, an IPv6 client's /64 (default 100;"
            + " 0 = unlimited)",
        (b, v) -> b.maxConnectionsPerIp((int) number(v))),
    CONNECTION_TIMEOUT(
        "connection-timeout",
        "SECONDS",
        "time a TCP or TLS client has to finish its TLS handshake and send a whole first"
            + " message (default 10)",
        (b, v) -> b.connectionTimeout(number(v))),
    // coturn options that change nothing here, accepted so coturn command lines and configs carry
    // over.
    NO_CLI("no-cli", null, "accepted for coturn compatibility: there is no CLI", (b, v) -> {}),
    FINGERPRINT(
        "fingerprint",
        null,
        "accepted: FINGERPRINT is answered whenever a request carries it",
        (b, v) -> {}),
    NO_MULTICAST_PEERS(
        "no-multicast-peers", null, "accepted: multicast peers are always denied", (b, v) -> {}),
    NO_SOFTWARE_ATTRIBUTE(
        "no-software-attribute", null, "accepted: SOFTWARE is never sent", (b, v) -> {}),
    NO_STDOUT_LOG("no-stdout-log", null, "accepted for coturn compatibility", (b, v) -> {}),
    LOG_FILE(
        "log-file", "FILE", "accepted for coturn compatibility; logs go to stderr", (b, v) -> {}),
    SIMPLE_LOG("simple-log", null, "accepted for coturn compatibility", (b, v) -> {}),
    NO_DTLS("no-dtls", null, "accepted: DTLS client transport is not offered", (b, v) -> {}),
    VERBOSE("verbose", null, "accepted for coturn compatibility", (b, v) -> {});

    private final String name;
    private final String valueName;
    private final String help;
    private final BiConsumer<TurnConfig.Builder, String> apply;

    Option(
        String name, String valueName, String help, BiConsumer<TurnConfig.Builder, String> apply) {
      this.name = name;
      this.valueName = valueName;
      this.help = help;
      this.apply = apply;
    }

    public String optionName() {
      return name;
    }

    boolean takesValue() {
      return valueName != null;
    }

    static Option named(String name) {
      for (Option o : values()) {
        if (o.name.equals(name)) {
          return o;
        }
      }
      throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
    }
  }

  private TurnOptions() {}

  /**
   * Parses a command line; {@code -c file} options are applied where they appear, later ones
   * override.
   */
  public static TurnConfig.Builder parse(List<String> args) {
    TurnConfig.Builder builder = TurnConfig.builder();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-c")) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("-c needs a configuration file");
        }
        readFile(Path.of(args.get(++i)), builder);
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (see --help)");
      }
      String body = arg.substring(2);
      String value = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        value = body.substring(eq + 1);
        body = body.substring(0, eq);
      }
      Option option = Option.named(body);
      if (option.takesValue() && value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(
              "--" + body + " needs a value (" + option.valueName + ")");
        }
        value = args.get(++i);
      }
      apply(option, value, builder);
    }
    return builder;
  }

  /** Applies a coturn-style configuration file. */
  public static void readFile(Path file, TurnConfig.Builder builder) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = (eq < 0 ? line : line.substring(0, eq)).strip();
      String value = eq < 0 ? null : unquote(line.substring(eq + 1).strip());
      try {
        apply(Option.named(name.startsWith("--") ? name.substring(2) : name), value, builder);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
      }
    }
  }

  private static void apply(Option option, String value, TurnConfig.Builder builder) {
    if (option.takesValue() && (value == null || value.isEmpty())) {
      throw new IllegalArgumentException(
          "--" + option.name + " needs a value (" + option.valueName + ")");
    }
    option.apply.accept(builder, value);
  }

  /** The option list for {@code --help}. */
  public static String help() {
    StringBuilder out =
        new StringBuilder("Options (coturn names; also from -c <file> as name=value lines):\n");
    for (Option o : Option.values()) {
      String left = "  --" + o.name + (o.valueName == null ? "" : " " + o.valueName);
      out.append(String.format("%-44s %s%n", left, o.help));
    }
    return out.toString();
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private static void user(TurnConfig.Builder b, String v) {
    int colon = v.indexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException("--user takes name:password");
    }
    b.user(v.substring(0, colon), v.substring(colon + 1));
  }

  private static TurnConfig.ExternalIp externalIp(String v) {
    int slash = v.indexOf('/');
    return slash < 0
        ? new TurnConfig.ExternalIp(ip(v), null)
        : new TurnConfig.ExternalIp(ip(v.substring(0, slash)), ip(v.substring(slash + 1)));
  }

  static InetAddress ip(String v) {
    return IpLiterals.parse(v.strip())
        .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + v));
  }

  static int port(String v) {
    long p = number(v);
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("not a port: " + v);
    }
    return (int) p;
  }

  static long number(String v) {
    try {
      long n = Long.parseLong(v.strip());
      if (n < 0) {
        throw new IllegalArgumentException("must not be negative: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + v, e);
    }
  }

  /** The names of all options, for tests that check the help and the docs. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Option o : Option.values()) {
      names.add(o.name);
    }
    return names;
  }
}
