package org.medirelay.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Linux network namespace joined to this host by a veth pair on a private /30, for tests that put
 * a client behind a firewall of its own ({@link #allowOnlyTcpTo}) or on a link of its own ({@link
 * ShapedLink}): the namespace's iptables rules touch nothing on the host, and deleting the
 * namespace removes them with it. Until a firewall is asked for, the namespace is open. The host
 * end of the veth is an address servers can bind to so that the namespace reaches them.
 *
 * <p>Needs root (CAP_NET_ADMIN), iproute2 and iptables; without them the calling test skips, or
 * fails under CI=true. Names and the subnet are random, so parallel runs on one machine do not
 * collide.
 */
public final class NetworkNamespace implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final String hostVeth;
  private final String namespaceVeth;
  private final InetAddress hostAddress;
  private final InetAddress address;
  private final Set<Integer> forwardedPorts = new TreeSet<>();
  private List<InetSocketAddress> reachableTcp = List.of();
  private boolean firewalled;

  private NetworkNamespace(String id, InetAddress hostAddress, InetAddress address) {
    this.name = "mr-fw-" + id;
    this.hostVeth = "mrfw" + id + "h";
    this.namespaceVeth = "mrfw" + id + "n";
    this.hostAddress = hostAddress;
    this.address = address;
  }

  /**
   * Creates the namespace, its veth pair, addresses, loopback and a default route via the host end.
   */
  public static NetworkNamespace create() {
    ExternalTool.require("ip", "iproute2");
    ExternalTool.require("iptables", "iptables");
    ExternalTool.require("iptables-restore", "iptables");
    ExternalTool.require("sysctl", "procps");
    byte[] subnet = freeSubnet();
    String id =
        HexFormat.of()
            .formatHex(
                new byte[] {
                  (byte) RANDOM.nextInt(), (byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()
                });
    NetworkNamespace namespace =
        new NetworkNamespace(id, addressIn(subnet, 1), addressIn(subnet, 2));
    Commands.Result created = Commands.tryRun(List.of("ip", "netns", "add", namespace.name));
    if (!created.ok()) {
      throw ExternalTool.unavailable(
          "cannot create a network namespace (needs root or CAP_NET_ADMIN): " + created.output());
    }
    try {
      namespace.connect();
    } catch (RuntimeException e) {
      namespace.close();
      throw e;
    }
    return namespace;
  }

  private void connect() {
    run(
        "ip",
        "link",
        "add",
        hostVeth,
        "type",
        "veth",
        "peer",
        "name",
        namespaceVeth,
        "netns",
        name);
    run("ip", "addr", "add", hostAddress.getHostAddress() + "/30", "dev", hostVeth);
    run("ip", "link", "set", hostVeth, "up");
    run("ip", "-n", name, "addr", "add", address.getHostAddress() + "/30", "dev", namespaceVeth);
    run("ip", "-n", name, "link", "set", namespaceVeth, "up");
    run("ip", "-n", name, "link", "set", "lo", "up");
    run("ip", "-n", name, "route", "add", "default", "via", hostAddress.getHostAddress());
  }

  /** The namespace's name, as {@code ip netns} knows it. */
  public String name() {
    return name;
  }

  /** The host's end of the veth: bind servers here for the namespace to reach them. */
  public InetAddress hostAddress() {
    return hostAddress;
  }

  /** The namespace's end of the veth. */
  public InetAddress address() {
    return address;
  }

  /** The host's veth interface: what leaves it enters the namespace. */
  String hostInterface() {
    return hostVeth;
  }

  /** The namespace's veth interface (inside the namespace): what leaves it reaches the host. */
  String namespaceInterface() {
    return namespaceVeth;
  }

  /** {@code command} prefixed so that it runs inside the namespace. */
  public List<String> command(List<String> command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(command);
    return full;
  }

  /**
   * Makes a TCP port that a process inside listens on at 127.0.0.1 reachable from the host at
   * {@link #address()}: a DNAT rule, with {@code route_localnet} so the kernel routes the rewritten
   * packets to loopback. Chromium's DevTools, for one, listens on loopback only (headless Chromium
   * ignores --remote-debugging-address).
   */
  public void forwardToLoopback(int port) {
    run(
        command(
            List.of("sysctl", "-q", "-w", "net.ipv4.conf." + namespaceVeth + ".route_localnet=1")));
    run(
        command(
            List.of(
                "iptables",
                "-t",
                "nat",
                "-A",
                "PREROUTING",
                "-i",
                namespaceVeth,
                "-p",
                "tcp",
                "-d",
                address.getHostAddress(),
                "--dport",
                Integer.toString(port),
                "-j",
                "DNAT",
                "--to-destination",
                "127.0.0.1:" + port)));
    forwardedPorts.add(port);
    if (firewalled) {
      applyFirewall();
    }
  }

  /**
   * From now on the namespace sends and receives no UDP at all (DNS included), and opens TCP
   * connections only to {@code destinations}. Loopback, replies on established connections and the
   * {@link #forwardToLoopback forwarded} ports stay open. Calling it again replaces the list; the
   * rules are replaced in one step.
   */
  public void allowOnlyTcpTo(List<InetSocketAddress> destinations) {
    reachableTcp = List.copyOf(destinations);
    firewalled = true;
    applyFirewall();
  }

  private void applyFirewall() {
    StringBuilder rules =
        new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\n");
    // UDP goes first, so that neither loopback nor a conntrack entry can let a datagram through.
    rules
        .append("-A INPUT -p udp -j DROP\n")
        .append("-A INPUT -i lo -j ACCEPT\n")
        .append("-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
    for (int port : forwardedPorts) {
      rules
          .append("-A INPUT -i ")
          .append(namespaceVeth)
          .append(" -p tcp -d 127.0.0.1 --dport ")
          .append(port)
          .append(" -j ACCEPT\n");
    }
    rules
        .append("-A OUTPUT -p udp -j DROP\n")
        .append("-A OUTPUT -o lo -j ACCEPT\n")
        .append("-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
    for (InetSocketAddress destination : reachableTcp) {
      rules
          .append("-A OUTPUT -p tcp -d ")
          .append(destination.getAddress().getHostAddress())
          .append(" --dport ")
          .append(destination.getPort())
          .append(" -j ACCEPT\n");
    }
    rules.append("COMMIT\n");
    Commands.Result result =
        Commands.tryRun(command(List.of("iptables-restore")), rules.toString());
    if (!result.ok()) {
      throw new IllegalStateException(
          "iptables-restore in " + name + " failed: " + result.output() + "\n" + rules);
    }
  }

  /** The namespace's current filter rules, for failure messages. */
  public String rules() {
    return Commands.tryRun(command(List.of("iptables", "-S", "-v"))).output();
  }

  /** Deletes the veth pair (both ends) and the namespace; the namespace's firewall goes with it. */
  @Override
  public void close() {
    Commands.Result link = Commands.tryRun(List.of("ip", "link", "del", hostVeth));
    Commands.Result netns = Commands.tryRun(List.of("ip", "netns", "del", name));
    if (!netns.ok()) {
      throw new IllegalStateException(
          "could not delete network namespace "
              + name
              + ": "
              + netns.output()
              + (link.ok() ? "" : "; veth " + hostVeth + ": " + link.output()));
    }
  }

  /** A random 10.x.y.z/30 in a /24 that none of this host's addresses is in yet. */
  private static byte[] freeSubnet() {
    String used = Commands.run(List.of("ip", "-4", "-o", "addr", "show"));
    for (int attempt = 0; attempt < 100; attempt++) {
      byte[] subnet = {
        10,
        (byte) (128 + RANDOM.nextInt(127)),
        (byte) RANDOM.nextInt(256),
        (byte) (RANDOM.nextInt(64) * 4)
      };
      String prefix = " 10." + (subnet[1] & 0xff) + "." + (subnet[2] & 0xff) + ".";
      if (!used.contains(prefix)) {
        return subnet;
      }
    }
    throw new IllegalStateException("no free 10.x.y.0/24 for a test namespace");
  }

  private static InetAddress addressIn(byte[] subnet, int host) {
    try {
      return InetAddress.getByAddress(
          new byte[] {subnet[0], subnet[1], subnet[2], (byte) (subnet[3] + host)});
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void run(String... command) {
    Commands.run(List.of(command));
  }

  private void run(List<String> command) {
    Commands.run(command);
  }
}
