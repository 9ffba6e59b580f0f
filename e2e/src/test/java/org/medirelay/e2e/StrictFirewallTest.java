package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.ExternalTool;
import org.medirelay.testkit.NetworkNamespace;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A patient on a network that lets no UDP out and TCP only to the clinic's servers: the patient's
 * Chromium runs in a network namespace whose firewall drops all UDP (DNS too) and every TCP
 * connection except to the app, the media node's signaling port and one TURN port. The app, a media
 * node and the TURN server run from their built jars on the host end of the namespace's veth,
 * configured as an operator would: the app hands out TURN REST credentials (TURN_URLS,
 * TURN_SECRET), the TURN server checks them with the same secret and may relay to the media node
 * only because the operator allows its private address. The patient must see and hear a doctor
 * outside the firewall through TURN over TCP, and over TLS; with a wrong TURN credential the
 * patient must not connect at all.
 */
class StrictFirewallTest {

  /**
   * Chromium opens {@code turns:} connections through its network stack with the ordinary
   * certificate verifier (the network service's P2P TCP socket asks for a TLS client socket to
   * "https://host:port"), so the test's self-signed certificate fails the handshake and no relay
   * candidate is gathered. The firewalled test browser ignores certificate errors instead of the
   * test installing a CA into an NSS database; the TLS handshake and TURN over it are real, only
   * the trust decision is skipped.
   */
  private static final String IGNORE_CERTIFICATE_ERRORS = "--ignore-certificate-errors";

  /**
   * Runs before the join page's scripts: every TURN credential the app put in the page is spoilt.
   */
  private static final String SPOIL_TURN_CREDENTIALS =
      "const NativePeerConnection = window.RTCPeerConnection;"
          + "window.RTCPeerConnection = function (config) {"
          + "  for (const server of (config && config.iceServers) || []) {"
          + "    if (server.credential) server.credential = 'wrong-' + server.credential;"
          + "  }"
          + "  return new NativePeerConnection(config);"
          + "};"
          + "window.RTCPeerConnection.prototype = NativePeerConnection.prototype;";

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  private static NetworkNamespace patientNetwork;
  private static ServerProcess turn;
  private static AppWithMediaNode servers;
  private static String host;
  private static int turnTcpPort;
  private static int turnTlsPort;
  private static URI turnMetrics;

  private final List<ChromeDriver> browsers = new ArrayList<>();

  @BeforeAll
  static void startServersAndFirewall() throws Exception {
    Path openssl = ExternalTool.require("openssl", "openssl");
    patientNetwork = NetworkNamespace.create();
    host = patientNetwork.hostAddress().getHostAddress();

    Path cert = work.resolve("turn-cert.pem");
    Path key = work.resolve("turn-key.pem");
    run(
        openssl.toString(),
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=MediRelay e2e TURN",
        "-addext",
        "subjectAltName=IP:" + host,
        "-keyout",
        key.toString(),
        "-out",
        cert.toString());

    String turnSecret = UUID.randomUUID().toString();
    turnTcpPort = ServerProcess.freeTcpPort();
    turnTlsPort = ServerProcess.freeTcpPort();
    int metricsPort = ServerProcess.freeTcpPort();
    turn =
        ServerProcess.start(
            "turn",
            Map.of(),
            List.of(
                "--listening-ip",
                host,
                "--listening-port",
                Integer.toString(turnTcpPort),
                "--tls-listening-port",
                Integer.toString(turnTlsPort),
                // The firewalled patient can only use TCP and TLS; no UDP listener means one port
                // fewer to find free.
                "--no-udp",
                "--relay-ip",
                host,
                // The media node is on a private address, which TURN refuses as a peer unless the
                // operator allows it.
                "--allowed-peer-ip=" + host,
                "--use-auth-secret",
                "--static-auth-secret=" + turnSecret,
                "--cert",
                cert.toString(),
                "--pkey",
                key.toString(),
                "--data-dir",
                work.resolve("turn").toString(),
                "--prometheus",
                "--prometheus-port",
                Integer.toString(metricsPort)),
            work);
    turnMetrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    turn.awaitHttpOk(turnMetrics, Duration.ofSeconds(60));

    servers =
        AppWithMediaNode.start(
            work,
            patientNetwork.hostAddress(),
            Map.of(
                "TURN_URLS",
                "turn:"
                    + host
                    + ":"
                    + turnTcpPort
                    + "?transport=tcp,turns:"
                    + host
                    + ":"
                    + turnTlsPort
                    + "?transport=tcp",
                "TURN_SECRET",
                turnSecret));
  }

  @AfterAll
  static void stopServersAndFirewall() throws Exception {
    try {
      if (servers != null) {
        servers.close();
      }
      if (turn != null) {
        turn.close();
      }
    } finally {
      if (patientNetwork != null) {
        patientNetwork.close();
      }
    }
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(ChromeDriver::quit);
  }

  @ParameterizedTest(name = "TURN over {0}")
  @ValueSource(strings = {"tcp", "tls"})
  void firewalledPatientSeesAndHearsTheDoctorThroughTurn(String turnTransport) throws Exception {
    boolean tls = turnTransport.equals("tls");
    patientNetwork.allowOnlyTcpTo(
        List.of(
            appAddress(),
            signalingAddress(),
            new InetSocketAddress(host, tls ? turnTlsPort : turnTcpPort)));
    Map<String, String> joinUrls = servers.newConsult("fw-", "Sam Behind-a-Firewall");

    ChromeDriver doctor = track(Browsers.chromium(appIsSecureContext()));
    ChromeDriver patient =
        track(
            tls
                ? Browsers.chromiumIn(
                    patientNetwork, appIsSecureContext(), IGNORE_CERTIFICATE_ERRORS)
                : Browsers.chromiumIn(patientNetwork, appIsSecureContext()));
    doctor.get(joinUrls.get("doctor"));
    patient.get(joinUrls.get("patient"));
    Browsers.pressJoin(doctor);
    Browsers.pressJoin(patient);
    Browsers.admitWaiting(doctor, 1);
    Browsers.awaitActive(patient);
    Browsers.awaitActive(doctor);
    Browsers.awaitFlowing(patient, 1);
    Browsers.awaitFlowing(doctor, 1);

    Map<String, Object> pair = Browsers.selectedPair(patient);
    assertThat(pair.get("localType"))
        .as("the patient's selected pair %s, firewall:\n%s", pair, patientNetwork.rules())
        .isEqualTo("relay");
    assertThat(pair.get("relayProtocol"))
        .as("how the patient reaches TURN")
        .isEqualTo(turnTransport);
    assertThat(pair.get("remoteAddress")).isEqualTo(host);
    assertThat(((Number) pair.get("remotePort")).intValue()).isEqualTo(servers.mediaUdpPort);

    // Media, not just connectivity checks: dozens of packets each way within seconds.
    long toPeers = turnMetric("turn_relayed_packets_total{direction=\"client_to_peer\"}");
    long toClients = turnMetric("turn_relayed_packets_total{direction=\"peer_to_client\"}");
    await(
        Duration.ofSeconds(15),
        "TURN relays the call's media both ways",
        () ->
            turnMetric("turn_relayed_packets_total{direction=\"client_to_peer\"}") >= toPeers + 50
                && turnMetric("turn_relayed_packets_total{direction=\"peer_to_client\"}")
                    >= toClients + 50);
  }

  @Test
  void withAWrongTurnCredentialTheFirewalledPatientCannotConnect() throws Exception {
    patientNetwork.allowOnlyTcpTo(
        List.of(
            appAddress(),
            signalingAddress(),
            new InetSocketAddress(host, turnTcpPort),
            new InetSocketAddress(host, turnTlsPort)));
    Map<String, String> joinUrls = servers.newConsult("fw-", "Sam Behind-a-Firewall");
    ChromeDriver patient =
        track(Browsers.chromiumIn(patientNetwork, appIsSecureContext(), IGNORE_CERTIFICATE_ERRORS));
    patient.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", SPOIL_TURN_CREDENTIALS));
    long authFailures = turnMetric("turn_auth_failures_total");

    patient.get(joinUrls.get("patient"));
    Browsers.pressJoin(patient);
    // The patient is offered media once the doctor lets them in.
    ChromeDriver doctor = track(Browsers.chromium(appIsSecureContext()));
    doctor.get(joinUrls.get("doctor"));
    Browsers.pressJoin(doctor);
    Browsers.admitWaiting(doctor, 1);
    // The browser got through the firewall to TURN and was refused: libwebrtc gives up on a TURN
    // server after one
    // refused authenticated Allocate, and the page has two, over TCP and over TLS...
    await(
        Duration.ofSeconds(20),
        "TURN refuses the spoilt credential on both transports",
        () -> turnMetric("turn_auth_failures_total") >= authFailures + 2);
    // ...and UDP straight to the media node, the only path left, is dropped: the node's ICE gives
    // up, it closes the
    // signaling connection with its reason, and the page shows an error, never having been active.
    await(
        Duration.ofSeconds(60),
        "the patient's media connection fails",
        () -> {
          String state = Browsers.callState(patient);
          assertThat(state)
              .as("call state with no way through the firewall")
              .isNotEqualTo("active");
          return state.equals("error");
        });
    // After one retry with fresh credentials the page stops trying, says the network blocks the
    // call, and offers the link again (for another network).
    assertThat(patient.findElement(By.cssSelector(".mr-ended[data-ending='failed'] h1")).getText())
        .isEqualTo("You could not join the call");
    assertThat(patient.findElement(By.id("call-status")).getText()).contains("firewall");
  }

  private ChromeDriver track(ChromeDriver browser) {
    browsers.add(browser);
    return browser;
  }

  /**
   * A clinic serves the join page over HTTPS (a TLS proxy in front of the app); here it is plain
   * HTTP on the veth's address, not loopback, which Chromium does not count as a secure context: no
   * camera or microphone. This flag tells the test browsers to treat the app's origin as secure, as
   * it would be in production.
   */
  private static String appIsSecureContext() {
    return "--unsafely-treat-insecure-origin-as-secure=" + servers.api.base();
  }

  private static InetSocketAddress appAddress() {
    return new InetSocketAddress(host, URI.create(servers.api.base()).getPort());
  }

  private static InetSocketAddress signalingAddress() {
    return new InetSocketAddress(host, servers.signalingPort);
  }

  /**
   * One sample of the TURN server's Prometheus exposition, e.g. {@code turn_auth_failures_total}.
   */
  private static long turnMetric(String series) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(turnMetrics).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return body.lines()
          .filter(line -> line.startsWith(series + " "))
          .mapToLong(line -> Long.parseLong(line.substring(series.length() + 1).strip()))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no " + series + " in the TURN server's metrics:\n" + body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void await(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not within " + timeout + ": " + what + "\nTURN server:\n" + turn.tail());
      }
      Thread.sleep(250);
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }
}
