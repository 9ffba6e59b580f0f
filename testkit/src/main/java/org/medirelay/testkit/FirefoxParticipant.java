package org.medirelay.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A Firefox (Debian's {@code firefox-esr}) in a call, beside the Chromium ones: a Node.js driver
 * ({@code firefox-participant.mjs}, puppeteer-core over WebDriver BiDi, no geckodriver) starts it
 * headless with a fake camera and microphone, installs {@link CallStatsRecorder}'s statistics
 * script into the page, opens the join URL and prints, once a second, the page's {@code
 * data-call-state} and the samples the script took. This class reads those lines as they come, so
 * {@link #stats()} gives the same {@link CallStats} a {@link CallStatsRecorder} gives for Chromium.
 *
 * <p>Firefox's ICE never pairs with a loopback candidate (whatever {@code
 * media.peerconnection.ice.loopback} says), so a Firefox on this host reaches the servers at {@link
 * #hostAddress()}, not 127.0.0.1; a Firefox {@link #joinIn in a network namespace} reaches them at
 * the namespace's host address. The driver makes the join URL's origin a secure context, so http
 * there is fine.
 *
 * <p>Closing it closes the driver's stdin: the driver closes Firefox, which removes its profile.
 * Firefox's profile lives in a temporary folder of this class's own, removed on close whatever
 * state the driver was left in.
 */
public final class FirefoxParticipant implements AutoCloseable {

  /** How long Firefox may take to start, open the page and join; under load it starts slowly. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

  /** How long media may take to flow once the page has joined. */
  private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path home;
  private final Path log;
  private final List<CallSample> samples = new ArrayList<>();
  private String callState;
  private String unreadable;
  private boolean ended;

  private FirefoxParticipant(Process process, Path home, Path log) {
    this.process = process;
    this.home = home;
    this.log = log;
  }

  /**
   * Starts Firefox on this host, opening {@code joinUrl}, driven by the script {@code driver}
   * (whose folder, or one above it, holds puppeteer-core in node_modules). Skips (or, under
   * CI=true, fails) the calling test when Firefox, Node.js or puppeteer-core is missing.
   */
  public static FirefoxParticipant join(Path driver, String joinUrl) {
    return start(List.of(), driver, joinUrl);
  }

  /**
   * Starts Firefox, and its driver, inside {@code namespace}: its traffic takes the namespace's
   * link (shaped, if a {@link ShapedLink} holds it), and the driver reaches Firefox over the
   * namespace's own loopback, so nothing of the test's control crosses the link.
   */
  public static FirefoxParticipant joinIn(NetworkNamespace namespace, Path driver, String joinUrl) {
    return start(namespace.command(List.of()), driver, joinUrl);
  }

  private static FirefoxParticipant start(List<String> prefix, Path driver, String joinUrl) {
    require(driver);
    Path node = ExternalTool.require("node", "nodejs");
    Path firefox = ExternalTool.require("firefox-esr", "firefox-esr");
    Path home = temporaryDirectory();
    Path log = home.resolve("firefox-participant.log");
    try {
      Path script = home.resolve("call-stats.js");
      Files.writeString(script, CallStatsRecorder.SCRIPT);
      List<String> command = new ArrayList<>(prefix);
      command.addAll(
          List.of(
              node.toString(),
              driver.toAbsolutePath().toString(),
              "--url",
              joinUrl,
              "--stats-script",
              script.toString(),
              "--firefox",
              firefox.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
      // Firefox's temporary profile goes here, so that it goes with this folder on close.
      builder.environment().put("TMPDIR", home.toString());
      FirefoxParticipant participant = new FirefoxParticipant(builder.start(), home, log);
      Thread reader = new Thread(participant::readLines, "firefox-participant");
      reader.setDaemon(true);
      reader.start();
      return participant;
    } catch (IOException e) {
      Folders.deleteQuietly(home);
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The address this host sends from by its default route: one of its own, not loopback, at which
   * servers are reachable from a Firefox on this host (and not the veth of some test's namespace,
   * which may go away). Skips (or fails) the calling test on a host without such a route.
   */
  public static InetAddress hostAddress() {
    try (DatagramSocket probe = new DatagramSocket()) {
      // Connecting a UDP socket sends nothing: the kernel only picks the source address it would
      // route by. 203.0.113.1 is a documentation address (RFC 5737), reached by the default route.
      probe.connect(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 1}), 9);
      InetAddress local = probe.getLocalAddress();
      if (!local.isAnyLocalAddress() && !local.isLoopbackAddress()) {
        return local;
      }
    } catch (IOException | UncheckedIOException noRoute) {
      // as below
    }
    throw ExternalTool.unavailable(
        "this host has no default route, so no address but loopback, which Firefox's ICE never"
            + " uses");
  }

  /** The page's {@code data-call-state} in the last line the driver printed; null before. */
  public synchronized String callState() {
    return callState;
  }

  /** Every sample the page took so far. */
  public synchronized CallStats stats() {
    return new CallStats(List.copyOf(samples));
  }

  /**
   * Waits until the page waits for a host to let it in (past the device check); fails as {@link
   * #awaitActive()} does. Firefox starts slowly the first time (a new profile), so a host should
   * look for it only after this.
   */
  public void awaitWaiting() throws InterruptedException {
    await("the page to wait to be let in", JOIN_TIMEOUT, () -> "waiting".equals(callState()));
  }

  /**
   * Waits until the page says {@code active}; fails with the driver's log when it says {@code
   * error}, or the driver ends, or 60 s pass.
   */
  public void awaitActive() throws InterruptedException {
    await("the page's call state to be active", JOIN_TIMEOUT, () -> "active".equals(callState()));
  }

  /**
   * Waits until {@link CallStats#flowing()}: video decoded at a known size, audio arriving; fails
   * as {@link #awaitActive()} does, or after 30 s.
   */
  public void awaitFlowing() throws InterruptedException {
    await("video decoded and audio received", FLOW_TIMEOUT, () -> stats().flowing());
  }

  private void await(String what, Duration timeout, Condition condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if ("error".equals(callState())) {
        throw new AssertionError("Firefox's call failed, waiting for " + what + ":\n" + log());
      }
      if (hasEnded()) {
        throw new AssertionError("the Firefox driver ended, waiting for " + what + ":\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no "
                + what
                + " in Firefox within "
                + timeout
                + " ("
                + stats().samples().size()
                + " samples, call state "
                + callState()
                + "):\n"
                + log());
      }
      Thread.sleep(250);
    }
  }

  /**
   * What the driver and the page wrote to stderr (page errors, console), and the last line it
   * printed that was no reading, for failure messages.
   */
  public String log() {
    String tail;
    try {
      List<String> lines = Files.readAllLines(log);
      tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      tail = "(no log: " + e.getMessage() + ")";
    }
    synchronized (this) {
      return unreadable == null ? tail : tail + "\nunreadable line from the driver: " + unreadable;
    }
  }

  private synchronized boolean hasEnded() {
    return ended;
  }

  private void readLines() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        read(line);
      }
    } catch (IOException e) {
      // The driver went away mid-line: its log says why.
    } finally {
      synchronized (this) {
        ended = true;
      }
    }
  }

  /**
   * Takes in one line; one that is no reading is kept for the failure messages, and reading goes
   * on, so that the driver never blocks on a full pipe.
   */
  private void read(String line) {
    try {
      Line read = Line.parse(line);
      synchronized (this) {
        callState = read.callState();
        samples.addAll(read.samples());
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        unreadable = line + " (" + e.getMessage() + ")";
      }
    }
  }

  /** One line of the driver's output: the page's call state then, and the samples it took. */
  record Line(String callState, List<CallSample> samples) {

    static Line parse(String json) {
      JsonNode line = AppApi.JSON.readTree(json);
      List<CallSample> samples = new ArrayList<>();
      for (JsonNode sample : line.path("samples")) {
        samples.add(CallStatsRecorder.parse(sample));
      }
      JsonNode state = line.path("callState");
      return new Line(state.isString() ? state.asString() : null, samples);
    }
  }

  /**
   * Closes the driver's stdin, its signal to close Firefox, and waits for it; kills it and the
   * Firefox processes it started if it does not end within 20 s. Removes the temporary folder.
   */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    try {
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException alreadyGone) {
      // its stdin was closed by its end
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      Folders.deleteQuietly(home);
    }
  }

  /**
   * Skips (or, under CI=true, fails) the calling test unless Firefox, Node.js and the driver's
   * puppeteer-core are installed. Call it before starting servers, to skip early.
   */
  public static void require(Path driver) {
    ExternalTool.require("firefox-esr", "firefox-esr");
    ExternalTool.require("node", "nodejs");
    // Node looks for packages in node_modules of the script's folder and of each folder above.
    for (Path dir = driver.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("node_modules").resolve("puppeteer-core"))) {
        return;
      }
    }
    throw ExternalTool.unavailable(
        "puppeteer-core is not installed for "
            + driver
            + " (npm ci in the folder of its package.json; the build does it where npm is)");
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds();
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("mr-firefox");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
