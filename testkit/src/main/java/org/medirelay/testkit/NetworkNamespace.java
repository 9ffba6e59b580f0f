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
 * namespace removes them with it. Until a firewall is asked for, the namespace is open.
 *
 * <p>A second veth pair, the control link, carries only what a test itself sends into the namespace
 * (the DevTools connection to a browser inside, through {@link #forwardToLoopback}): it is never
 * shaped, so a test keeps control of its browser while the namespace's own link is capped or lossy,
 * and the namespace's link carries only the client's own traffic. The namespace has no route out
 * through it. The host end of the veth is an address servers can bind to so that the namespace
 * reaches them.
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
  private final String hostControlVeth;
  private final String namespaceControlVeth;
  private final InetAddress hostControlAddress;
  private final InetAddress controlAddress;
  private final Set<Integer> forwardedPorts = new TreeSet<>();
  private List<InetSocketAddress> reachableTcp = List.of();
  private boolean firewalled;

  private NetworkNamespace(String id, byte[] subnet) {
    this.name = "mr-fw-" + id;
    this.hostVeth = "mrfw" + id + "h";
    this.namespaceVeth = "mrfw" + id + "n";
    this.hostAddress = addressIn(subnet, 1);
    this.address = addressIn(subnet, 2);
    this.hostControlVeth = "mrfw" + id + "c";
    this.namespaceControlVeth = "mrfw" + id + "m";
    this.hostControlAddress = addressIn(subnet, 5);
    this.controlAddress = addressIn(subnet, 6);
  }

  /**
   * Creates the namespace, its veth pair, addresses, loopback and a default route via the host end,
   * and the control link.
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
    NetworkNamespace namespace = new NetworkNamespace(id, subnet);
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
    pair(hostVeth, hostAddress, namespaceVeth, address);
    pair(hostControlVeth, hostControlAddress, namespaceControlVeth, controlAddress);
    run("ip", "-n", name, "link", "set", "lo", "up");
    run("ip", "-n", name, "route", "add", "default", "via", hostAddress.getHostAddress());
    // A browser gathers an ICE candidate on every address, the control link's too, and its packets
    // from that address would leave by the link and return by the control link, unshaped. Nothing
    // from that address leaves but by the control link (the raw table: the firewall replaces only
    // the filter table).
    run(
        command(
            List.of(
                "iptables",
                "-t",
                "raw",
                "-A",
                "OUTPUT",
                "-s",
                controlAddress.getHostAddress(),
                "!",
                "-o",
                namespaceControlVeth,
                "-j",
                "DROP")));
  }

  /** A veth pair, one end here and one in the namespace, each with its address on a /30. */
  private void pair(String hostEnd, InetAddress hostIp, String namespaceEnd, InetAddress ip) {
    run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd, "netns", name);
    run("ip", "addr", "add", hostIp.getHostAddress() + "/30", "dev", hostEnd);
    run("ip", "link", "set", hostEnd, "up");
    run("ip", "-n", name, "addr", "add", ip.getHostAddress() + "/30", "dev", namespaceEnd);
    run("ip", "-n", name, "link", "set", namespaceEnd, "up");
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

  /**
   * The namespace's end of the control link: where the host reaches the {@link #forwardToLoopback
   * forwarded} ports.
   */
  public InetAddress controlAddress() {
    return controlAddress;
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
   * {@link #controlAddress()}, over the control link: a DNAT rule, with {@code route_localnet} so
   * the kernel routes the rewritten packets to loopback. Chromium's DevTools, for one, listens on
   * loopback only (headless Chromium ignores --remote-debugging-address).
   */
  public void forwardToLoopback(int port) {
    run(
        command(
            List.of(
                "sysctl",
                "-q",
                "-w",
                "net.ipv4.conf." + namespaceControlVeth + ".route_localnet=1")));
    run(
        command(
            List.of(
                "iptables",
                "-t",
                "nat",
                "-A",
                "PREROUTING",
                "-i",
                namespaceControlVeth,
                "-p",
                "tcp",
                "-d",
                controlAddress.getHostAddress(),
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
          .append(namespaceControlVeth)
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

  /**
   * Deletes the veth pairs (both ends) and the namespace; the namespace's firewall goes with it.
   */
  @Override
  public void close() {
    Commands.tryRun(List.of("ip", "link", "del", hostControlVeth));
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

  /**
   * A random 10.x.y.z/29 (two /30s: the link and the control link) in a /24 that none of this
   * host's addresses is in yet.
   */
  private static byte[] freeSubnet() {
    String used = Commands.run(List.of("ip", "-4", "-o", "addr", "show"));
    for (int attempt = 0; attempt < 100; attempt++) {
      byte[] subnet = {
        10,
        (byte) (128 + RANDOM.nextInt(127)),
        (byte) RANDOM.nextInt(256),
        (byte) (RANDOM.nextInt(32) * 8)
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
