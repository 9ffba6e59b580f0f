package org.medirelay.e2e;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * The app and one media node as a clinic runs them: two processes from their built jars, on
 * ephemeral ports of one address, with random secrets; started once the node has registered with
 * the app and shows as live.
 */
final class AppWithMediaNode implements AutoCloseable {

  static final String NODE_ID = "e2e-node";
  private static final String ADMIN_EMAIL = "admin@e2e.test";

  final ServerProcess app;
  final ServerProcess mediaNode;
  final AppApi api;
  final String adminToken;

  /** The clinic backend's X-Internal-Secret for the integration API. */
  final String internalSecret;

  /** Shared by the app and the node: heartbeats, and the operator's drain control. */
  final String nodeSecret;

  /** The node's HTTP base (signaling, health, drain). */
  final String mediaNodeUrl;

  final int signalingPort;
  final int mediaUdpPort;

  private AppWithMediaNode(
      ServerProcess app,
      ServerProcess mediaNode,
      AppApi api,
      String adminToken,
      String internalSecret,
      String nodeSecret,
      String mediaNodeUrl,
      int signalingPort,
      int mediaUdpPort) {
    this.app = app;
    this.mediaNode = mediaNode;
    this.api = api;
    this.adminToken = adminToken;
    this.internalSecret = internalSecret;
    this.nodeSecret = nodeSecret;
    this.mediaNodeUrl = mediaNodeUrl;
    this.signalingPort = signalingPort;
    this.mediaUdpPort = mediaUdpPort;
  }

  /**
   * Starts both on {@code address} (browsers reach the app, the node's signaling and its media port
   * there), the app with {@code extraAppEnv} added to its environment (e.g. TURN settings).
   */
  static AppWithMediaNode start(Path work, InetAddress address, Map<String, String> extraAppEnv)
      throws Exception {
    return start(work, address, extraAppEnv, Map.of());
  }

  /**
   * As {@link #start(Path, InetAddress, Map)}, the media node's environment plus {@code
   * extraNodeEnv}.
   */
  static AppWithMediaNode start(
      Path work,
      InetAddress address,
      Map<String, String> extraAppEnv,
      Map<String, String> extraNodeEnv)
      throws Exception {
    String host = address.getHostAddress();
    int appPort = ServerProcess.freeTcpPort();
    String appUrl = "http://" + host + ":" + appPort;
    String nodeSecret = UUID.randomUUID().toString();
    String internalSecret = UUID.randomUUID().toString();
    String adminPassword = UUID.randomUUID().toString();
    Files.createDirectories(work.resolve("app"));

    Map<String, String> appEnv = new HashMap<>(extraAppEnv);
    appEnv.put("PORT", Integer.toString(appPort));
    appEnv.put("DATA_DIR", work.resolve("app").toString());
    appEnv.put("CLIENT_BASE_URL", appUrl);
    appEnv.put("MEDIA_NODE_SECRET", nodeSecret);
    appEnv.put("INTERNAL_SECRET", internalSecret);
    appEnv.put("ADMIN_EMAIL", ADMIN_EMAIL);
    appEnv.put("ADMIN_PASSWORD", adminPassword);
    ServerProcess app = ServerProcess.start("app", appEnv, work);
    ServerProcess mediaNode = null;
    try {
      app.awaitHttpOk(URI.create(appUrl + "/health"), Duration.ofSeconds(120));
      AppApi api = new AppApi(appUrl);

      int mediaUdpPort = ServerProcess.freeUdpPort();
      int signalingPort = ServerProcess.freeTcpPort();
      Map<String, String> nodeEnv = new HashMap<>(extraNodeEnv);
      nodeEnv.put("MEDIA_NODE_ID", NODE_ID);
      nodeEnv.put("APP_URL", appUrl);
      nodeEnv.put("MEDIA_NODE_SECRET", nodeSecret);
      nodeEnv.put("MEDIA_UDP_PORT", Integer.toString(mediaUdpPort));
      nodeEnv.put("MEDIA_BIND_ADDRESSES", host);
      nodeEnv.put("MEDIA_SIGNALING_HOST", host);
      nodeEnv.put("MEDIA_SIGNALING_PORT", Integer.toString(signalingPort));
      nodeEnv.put("MEDIA_PUBLIC_SIGNALING_URL", "ws://" + host + ":" + signalingPort + "/ws");
      nodeEnv.put("JAVA_TOOL_OPTIONS", "-Djava.util.logging.config.file=" + estimateLogging());
      mediaNode = ServerProcess.start("media-node", nodeEnv, work);
      String mediaNodeUrl = "http://" + host + ":" + signalingPort;
      mediaNode.awaitHttpOk(URI.create(mediaNodeUrl + "/health"), Duration.ofSeconds(60));

      String adminToken = api.login(ADMIN_EMAIL, adminPassword).get("token").asString();
      AppWithMediaNode servers =
          new AppWithMediaNode(
              app,
              mediaNode,
              api,
              adminToken,
              internalSecret,
              nodeSecret,
              mediaNodeUrl,
              signalingPort,
              mediaUdpPort);
      servers.awaitNode(node -> node.get("live").asBoolean());
      return servers;
    } catch (Exception | Error e) {
      if (mediaNode != null) {
        mediaNode.close();
      }
      app.close();
      throw e;
    }
  }

  /**
   * The node's logging with each receiver's downlink estimate logged once a second (level FINE),
   * which {@link #downlinkEstimateKbps} reads.
   */
  private static Path estimateLogging() throws URISyntaxException {
    return Path.of(AppWithMediaNode.class.getResource("media-node-logging.properties").toURI());
  }

  /**
   * The last downlink estimate the node logged for the participant with node id {@code id}, in
   * kbit/s; -1 when it logged none.
   */
  long downlinkEstimateKbps(String id) {
    Pattern estimate = Pattern.compile(Pattern.quote(id) + ": downlink estimate (\\d+) kbit/s");
    long last = -1;
    for (String line : mediaNode.lines()) {
      Matcher m = estimate.matcher(line);
      if (m.find()) {
        last = Long.parseLong(m.group(1));
      }
    }
    return last;
  }

  /** Waits until the app's view of the media node satisfies {@code condition}. */
  void awaitNode(Predicate<JsonNode> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode node : api.get("/api/media-nodes", adminToken).expect(200)) {
        if (NODE_ID.equals(node.get("id").asString()) && condition.test(node)) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the app never saw the media node so:\n" + mediaNode.tail());
  }

  /**
   * Creates a consultation through the integration API, as a clinic's backend does, and returns the
   * join links of its doctor and patient by role ("doctor", "patient").
   */
  Map<String, String> newConsult(String appointmentPrefix, String patientName) {
    String id = UUID.randomUUID().toString();
    String sessionId =
        api.postAsClinicBackend(
                "/sessions",
                Map.of(
                    "appointmentId",
                    appointmentPrefix + id,
                    "doctorId",
                    "doctor-" + id,
                    "patientId",
                    "patient-" + id),
                internalSecret)
            .expect(201)
            .get("sessionId")
            .asString();
    return Map.of(
        "doctor", joinUrl(sessionId, "doctor", "doctor-" + id, "Dr. Ada Osei"),
        "patient", joinUrl(sessionId, "patient", "patient-" + id, patientName));
  }

  private String joinUrl(String sessionId, String role, String userId, String name) {
    return api.postAsClinicBackend(
            "/sessions/" + sessionId + "/join",
            Map.of("role", role, "userId", userId, "displayName", name),
            internalSecret)
        .expect(200)
        .get("joinUrl")
        .asString();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      mediaNode.close();
    } finally {
      app.close();
    }
  }
}
