package org.medirelay.turn.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medirelay.turn.peer.IpRange;

/**
 * Everything a TURN server is configured with. Built by {@link Builder} (embedding code, tests) or
 * by {@link TurnOptions} from coturn-style command-line options and configuration files. Port 0
 * binds an ephemeral port.
 */
public record TurnConfig(
    List<InetAddress> listeningIps,
    int listeningPort,
    int tlsListeningPort,
    boolean udp,
    boolean tcp,
    boolean tls,
    List<InetAddress> relayIps,
    List<ExternalIp> externalIps,
    int minPort,
    int maxPort,
    String realm,
    Map<String, String> users,
    boolean useAuthSecret,
    List<String> staticAuthSecrets,
    boolean allowLoopbackPeers,
    List<IpRange> allowedPeerIps,
    List<IpRange> deniedPeerIps,
    int userQuota,
    int sourceQuota,
    int totalQuota,
    long maxBps,
    int maxPermissionsPerAllocation,
    Path cert,
    Path pkey,
    Path dataDir,
    boolean prometheus,
    int prometheusPort,
    long defaultAllocateLifetime,
    long maxAllocateLifetime,
    long channelLifetime,
    long permissionLifetime,
    long staleNonce,
    double unauthorizedRate,
    int maxConnections,
    int maxConnectionsPerIp,
    long connectionTimeout,
    Clock clock) {

  /**
   * {@code --external-ip public[/private]}: advertise {@code publicIp} for relays on {@code
   * privateIp} (any if null).
   */
  public record ExternalIp(InetAddress publicIp, InetAddress privateIp) {}

  public TurnConfig {
    listeningIps = List.copyOf(listeningIps);
    relayIps = List.copyOf(relayIps);
    externalIps = List.copyOf(externalIps);
    users = Map.copyOf(users);
    staticAuthSecrets = List.copyOf(staticAuthSecrets);
    allowedPeerIps = List.copyOf(allowedPeerIps);
    deniedPeerIps = List.copyOf(deniedPeerIps);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The checks a server makes before it binds anything; each message tells the operator what to
   * change.
   */
  public void validate() {
    if (!udp && !tcp && !tls) {
      throw new IllegalArgumentException(
          "all listeners are disabled (--no-udp, --no-tcp, --no-tls)");
    }
    if (users.isEmpty() && !(useAuthSecret && !staticAuthSecrets.isEmpty())) {
      throw new IllegalArgumentException(
          "no credentials: give --user name:password and/or --use-auth-secret --static-auth-secret <secret>");
    }
    if (useAuthSecret && staticAuthSecrets.isEmpty()) {
      throw new IllegalArgumentException(
          "--use-auth-secret needs at least one --static-auth-secret");
    }
    for (String secret : staticAuthSecrets) {
      if (secret.length() < 16) {
        throw new IllegalArgumentException(
            "a --static-auth-secret must have at least 16 characters");
      }
    }
    if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
      throw new IllegalArgumentException(
          "--min-port/--max-port: " + minPort + "-" + maxPort + " is not a range");
    }
    if (defaultAllocateLifetime > maxAllocateLifetime) {
      throw new IllegalArgumentException(
          "the default allocation lifetime exceeds --max-allocate-lifetime");
    }
    if (connectionTimeout < 1) {
      throw new IllegalArgumentException("--connection-timeout must be at least 1 second");
    }
    if ((cert == null) != (pkey == null)) {
      throw new IllegalArgumentException("--cert and --pkey go together");
    }
  }

  /** The limits against abuse, as options with their values, for the log at start. */
  public String limits() {
    return String.format(
        "--max-connections %d, --max-connections-per-ip %d, --connection-timeout %d s,"
            + " --user-quota %d, --source-quota %d, --total-quota %d, --unauthorized-rate %s",
        maxConnections,
        maxConnectionsPerIp,
        connectionTimeout,
        userQuota,
        sourceQuota,
        totalQuota,
        unauthorizedRate);
  }

  /**
   * Mutable collector of settings; every default is the coturn default except the quotas per user
   * and per client address, which coturn leaves unlimited, and the connection limits coturn lacks.
   */
  public static final class Builder {
    List<InetAddress> listeningIps = new ArrayList<>();
    int listeningPort = 3478;
    int tlsListeningPort = 5349;
    boolean udp = true;
    boolean tcp = true;
    boolean tls = true;
    List<InetAddress> relayIps = new ArrayList<>();
    List<ExternalIp> externalIps = new ArrayList<>();
    int minPort = 49152;
    int maxPort = 65535;
    String realm = "medirelay";
    Map<String, String> users = new LinkedHashMap<>();
    boolean useAuthSecret;
    List<String> staticAuthSecrets = new ArrayList<>();
    boolean allowLoopbackPeers;
    List<IpRange> allowedPeerIps = new ArrayList<>();
    List<IpRange> deniedPeerIps = new ArrayList<>();
    int userQuota = 16;
    int sourceQuota = 100;
    int totalQuota;
    long maxBps;
    int maxPermissionsPerAllocation = 64;
    Path cert;
    Path pkey;
    Path dataDir = Path.of("data", "turn");
    boolean prometheus;
    int prometheusPort = 9641;
    long defaultAllocateLifetime = 600;
    long maxAllocateLifetime = 3600;
    long channelLifetime = 600;
    long permissionLifetime = 300;
    long staleNonce = 600;
    double unauthorizedRate = 100;
    int maxConnections = 4000;
    int maxConnectionsPerIp = 100;
    long connectionTimeout = 10;
    Clock clock = Clock.systemUTC();

    public Builder listeningIp(InetAddress ip) {
      listeningIps.add(ip);
      return this;
    }

    public Builder listeningPort(int port) {
      listeningPort = port;
      return this;
    }

    public Builder tlsListeningPort(int port) {
      tlsListeningPort = port;
      return this;
    }

    public Builder udp(boolean on) {
      udp = on;
      return this;
    }

    public Builder tcp(boolean on) {
      tcp = on;
      return this;
    }

    public Builder tls(boolean on) {
      tls = on;
      return this;
    }

    public Builder relayIp(InetAddress ip) {
      relayIps.add(ip);
      return this;
    }

    public Builder externalIp(ExternalIp ip) {
      externalIps.add(ip);
      return this;
    }

    public Builder portRange(int min, int max) {
      minPort = min;
      maxPort = max;
      return this;
    }

    public Builder realm(String r) {
      realm = r;
      return this;
    }

    public Builder user(String name, String password) {
      users.put(name, password);
      return this;
    }

    public Builder useAuthSecret(boolean on) {
      useAuthSecret = on;
      return this;
    }

    public Builder staticAuthSecret(String secret) {
      staticAuthSecrets.add(secret);
      return this;
    }

    public Builder allowLoopbackPeers(boolean on) {
      allowLoopbackPeers = on;
      return this;
    }

    public Builder allowedPeerIp(IpRange range) {
      allowedPeerIps.add(range);
      return this;
    }

    public Builder deniedPeerIp(IpRange range) {
      deniedPeerIps.add(range);
      return this;
    }

    public Builder userQuota(int n) {
      userQuota = n;
      return this;
    }

    public Builder sourceQuota(int n) {
      sourceQuota = n;
      return this;
    }

    public Builder totalQuota(int n) {
      totalQuota = n;
      return this;
    }

    public Builder maxBps(long n) {
      maxBps = n;
      return this;
    }

    public Builder maxPermissionsPerAllocation(int n) {
      maxPermissionsPerAllocation = n;
      return this;
    }

    public Builder cert(Path p) {
      cert = p;
      return this;
    }

    public Builder pkey(Path p) {
      pkey = p;
      return this;
    }

    public Builder dataDir(Path p) {
      dataDir = p;
      return this;
    }

    public Builder prometheus(boolean on) {
      prometheus = on;
      return this;
    }

    public Builder prometheusPort(int port) {
      prometheusPort = port;
      return this;
    }

    public Builder defaultAllocateLifetime(long s) {
      defaultAllocateLifetime = s;
      return this;
    }

    public Builder maxAllocateLifetime(long s) {
      maxAllocateLifetime = s;
      return this;
    }

    public Builder channelLifetime(long s) {
      channelLifetime = s;
      return this;
    }

    public Builder permissionLifetime(long s) {
      permissionLifetime = s;
      return this;
    }

    public Builder staleNonce(long s) {
      staleNonce = s;
      return this;
    }

    public Builder unauthorizedRate(double perSecond) {
      unauthorizedRate = perSecond;
      return this;
    }

    public Builder maxConnections(int n) {
      maxConnections = n;
      return this;
    }

    public Builder maxConnectionsPerIp(int n) {
      maxConnectionsPerIp = n;
      return this;
    }

    public Builder connectionTimeout(long seconds) {
      connectionTimeout = seconds;
      return this;
    }

    public Builder clock(Clock c) {
      clock = c;
      return this;
    }

    public TurnConfig build() {
      return new TurnConfig(
          listeningIps,
          listeningPort,
          tlsListeningPort,
          udp,
          tcp,
          tls,
          relayIps,
          externalIps,
          minPort,
          maxPort,
          realm,
          users,
          useAuthSecret,
          staticAuthSecrets,
          allowLoopbackPeers,
          allowedPeerIps,
          deniedPeerIps,
          userQuota,
          sourceQuota,
          totalQuota,
          maxBps,
          maxPermissionsPerAllocation,
          cert,
          pkey,
          dataDir,
          prometheus,
          prometheusPort,
          defaultAllocateLifetime,
          maxAllocateLifetime,
          channelLifetime,
          permissionLifetime,
          staleNonce,
          unauthorizedRate,
          maxConnections,
          maxConnectionsPerIp,
          connectionTimeout,
          clock);
    }
  }
}
