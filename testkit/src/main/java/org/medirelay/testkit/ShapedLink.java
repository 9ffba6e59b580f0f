package org.medirelay.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The link between a {@link NetworkNamespace} and this host, shaped like a patient's network: each
 * direction gets its own {@link LinkConditions}, and they can change at any time while a call runs
 * (2 Mbit/s, then 300 kbit/s for 20 s, then back).
 *
 * <ul>
 *   <li>The cap is a {@code tbf} qdisc on the veth end the traffic leaves by: the host's end for
 *       the namespace's downlink, the namespace's end for its uplink. Its queue fills and delays
 *       traffic under load and drops what overflows, as a real bottleneck does. A change is {@code
 *       tc qdisc replace}, which keeps what is queued.
 *   <li>Loss is an {@code iptables -m statistic --mode random} DROP rule inside the namespace, in a
 *       chain of its own that INPUT (downlink) or OUTPUT (uplink) jumps to first for the link's
 *       veth. It drops every kind of packet, as a bad radio link does: media, and also the page's
 *       and the signaling's TCP, which retransmits.
 * </ul>
 *
 * <p>The test's own connection to a browser in the namespace (DevTools) goes over the namespace's
 * control link, which is never shaped: the test keeps control of the browser however bad the link
 * is, and the link carries only the browser's traffic.
 *
 * <p>Needs root and iproute2's {@code tc} besides what {@link NetworkNamespace} needs. {@link
 * #close()} removes the qdiscs and the chains; the namespace stays, its owner closes it. Not for a
 * namespace with {@link NetworkNamespace#allowOnlyTcpTo a firewall}, which replaces the filter
 * table (and drops all UDP anyway).
 */
public final class ShapedLink implements AutoCloseable {

  /** Which way traffic goes, seen from inside the namespace. */
  public enum Direction {
    /** Host to namespace: what the namespace's browser receives. */
    DOWNLINK("INPUT", "MR_LOSS_DOWN"),
    /** Namespace to host: what the namespace's browser sends. */
    UPLINK("OUTPUT", "MR_LOSS_UP");

    private final String builtinChain;
    private final String lossChain;

    Direction(String builtinChain, String lossChain) {
      this.builtinChain = builtinChain;
      this.lossChain = lossChain;
    }
  }

  private final NetworkNamespace namespace;
  private LinkConditions downlink = LinkConditions.OPEN;
  private LinkConditions uplink = LinkConditions.OPEN;
  private boolean closed;

  private ShapedLink(NetworkNamespace namespace) {
    this.namespace = namespace;
  }

  /**
   * Takes over the link of {@code namespace}, open both ways. Skips (or, under CI=true, fails) the
   * calling test when tc is missing.
   */
  public static ShapedLink of(NetworkNamespace namespace) {
    ExternalTool.require("tc", "iproute2");
    ShapedLink link = new ShapedLink(namespace);
    try {
      for (Direction direction : Direction.values()) {
        link.iptables("-N", direction.lossChain);
        link.iptables(link.jump(direction, "-I"));
      }
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return link;
  }

  /** Sets what the namespace's downlink (host to namespace) does from now on. */
  public ShapedLink downlink(LinkConditions conditions) {
    return set(Direction.DOWNLINK, conditions);
  }

  /** Sets what the namespace's uplink (namespace to host) does from now on. */
  public ShapedLink uplink(LinkConditions conditions) {
    return set(Direction.UPLINK, conditions);
  }

  /** Sets both directions to {@code conditions}, a symmetric link. */
  public ShapedLink both(LinkConditions conditions) {
    return downlink(conditions).uplink(conditions);
  }

  /** Sets {@code direction} to {@code conditions}; only what differs from now is touched. */
  public synchronized ShapedLink set(Direction direction, LinkConditions conditions) {
    if (closed) {
      throw new IllegalStateException("the link is closed");
    }
    LinkConditions now = conditions(direction);
    boolean sameCap =
        !now.capped() && !conditions.capped()
            || now.rateKbit() == conditions.rateKbit()
                && now.burstBytes() == conditions.burstBytes()
                && now.queueMillis() == conditions.queueMillis();
    if (!sameCap) {
      if (conditions.capped()) {
        tc(direction, "replace", tbf(conditions));
      } else {
        tc(direction, "del", List.of());
      }
    }
    if (now.loss() != conditions.loss()) {
      iptables("-F", direction.lossChain);
      if (conditions.loss() > 0) {
        iptables(
            "-A",
            direction.lossChain,
            "-m",
            "statistic",
            "--mode",
            "random",
            "--probability",
            String.format(Locale.ROOT, "%.6f", conditions.loss()),
            "-j",
            "DROP");
      }
    }
    if (direction == Direction.DOWNLINK) {
      downlink = conditions;
    } else {
      uplink = conditions;
    }
    return this;
  }

  /** What {@code direction} does now. */
  public synchronized LinkConditions conditions(Direction direction) {
    return direction == Direction.DOWNLINK ? downlink : uplink;
  }

  /** Opens both directions: no cap, no loss. */
  public ShapedLink clear() {
    return both(LinkConditions.OPEN);
  }

  /**
   * The qdiscs' and loss rules' counters (sent, dropped, overlimits; packets dropped at random),
   * for failure messages and reports.
   */
  public String counters() {
    StringBuilder out = new StringBuilder();
    for (Direction direction : Direction.values()) {
      out.append(direction)
          .append(" (")
          .append(conditions(direction))
          .append("):\n")
          .append(Commands.tryRun(tcCommand(direction, List.of("-s", "qdisc", "show"))).output())
          .append('\n')
          .append(
              Commands.tryRun(
                      namespace.command(
                          List.of("iptables", "-L", direction.lossChain, "-v", "-n", "-x")))
                  .output())
          .append('\n');
    }
    return out.toString();
  }

  /** Removes the qdiscs and the loss chains, whatever state they are in; never throws. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Direction direction : Direction.values()) {
      // Also after a failed change, so tried whatever the state: with no qdisc of ours it fails.
      Commands.tryRun(tcCommand(direction, List.of("qdisc", "del"), List.of("root")));
      List<String> unjump = new ArrayList<>(List.of("iptables"));
      unjump.addAll(jump(direction, "-D"));
      Commands.tryRun(namespace.command(unjump));
      Commands.tryRun(namespace.command(List.of("iptables", "-F", direction.lossChain)));
      Commands.tryRun(namespace.command(List.of("iptables", "-X", direction.lossChain)));
    }
    downlink = LinkConditions.OPEN;
    uplink = LinkConditions.OPEN;
  }

  private static List<String> tbf(LinkConditions conditions) {
    return List.of(
        "tbf",
        "rate",
        conditions.rateKbit() + "kbit",
        "burst",
        Integer.toString(conditions.burstBytes()),
        "latency",
        conditions.queueMillis() + "ms");
  }

  /** {@code tc qdisc VERB dev VETH root QDISC…} on the veth end {@code direction} leaves by. */
  private void tc(Direction direction, String verb, List<String> qdisc) {
    List<String> root = new ArrayList<>(List.of("root"));
    root.addAll(qdisc);
    Commands.run(tcCommand(direction, List.of("qdisc", verb), root));
  }

  /** {@code tc [-n NS] WORDS… dev VETH AFTER…}: the uplink's veth end is inside the namespace. */
  private List<String> tcCommand(Direction direction, List<String> words, List<String> after) {
    List<String> command = new ArrayList<>(List.of("tc"));
    if (direction == Direction.UPLINK) {
      command.addAll(List.of("-n", namespace.name()));
    }
    command.addAll(words);
    command.addAll(List.of("dev", interfaceFor(direction)));
    command.addAll(after);
    return command;
  }

  private List<String> tcCommand(Direction direction, List<String> words) {
    return tcCommand(direction, words, List.of());
  }

  private String interfaceFor(Direction direction) {
    return direction == Direction.DOWNLINK
        ? namespace.hostInterface()
        : namespace.namespaceInterface();
  }

  /**
   * {@code -I INPUT -i VETH -j CHAIN} (or -D, or OUTPUT -o): only the link's packets, not
   * loopback's or the control link's.
   */
  private List<String> jump(Direction direction, String verb) {
    return List.of(
        verb,
        direction.builtinChain,
        direction == Direction.DOWNLINK ? "-i" : "-o",
        namespace.namespaceInterface(),
        "-j",
        direction.lossChain);
  }

  private void iptables(String... arguments) {
    iptables(List.of(arguments));
  }

  private void iptables(List<String> arguments) {
    List<String> command = new ArrayList<>(List.of("iptables"));
    command.addAll(arguments);
    Commands.run(namespace.command(command));
  }
}
