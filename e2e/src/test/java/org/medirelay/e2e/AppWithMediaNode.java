package org.medirelay.e2e;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * the app and shows as live. More nodes can join ({@link #startMediaNode}), and the app can be
 * killed and started again on its port and data folder ({@link #restartApp}).
 */
final class AppWithMediaNode implements AutoCloseable {

  static final String NODE_ID = "e2e-node";
  private static final String ADMIN_EMAIL = "admin@e2e.test";

  /** A media node process: its id, its HTTP base (signaling, health, drain) and its ports. */
  record MediaNodeProcess(
      String id, ServerProcess process, String url, int signalingPort, int udpPort) {}

  private ServerProcess app;
  private final Map<String, String> appEnv;
  private final Path work;
  private final List<MediaNodeProcess> moreNodes = new ArrayList<>();
  final ServerProcess mediaNode;
  final AppApi api;
  final String adminToken;

  /** The clinic backend's X-Internal-Secret for the integration API. */
  final String internalSecret;

  /** Shared by the app and the node: heartbeats, and the operator's drain control. */
  final String nodeSecret;

  /** The node's HTTP base (signaling, health, drain). */
  final String mediaNodeUrl;

  /** The node's signaling WebSocket, where a participant joins with a join link's token. */
  final String signalingUrl;

  final int signalingPort;
  final int mediaUdpPort;

  private AppWithMediaNode(
      ServerProcess app,
      Map<String, String> appEnv,
      Path work,
      MediaNodeProcess mediaNode,
      AppApi api,
      String adminToken) {
    this.app = app;
    this.appEnv = appEnv;
    this.work = work;
    this.mediaNode = mediaNode.process();
    this.api = api;
    this.adminToken = adminToken;
    this.internalSecret = appEnv.get("INTERNAL_SECRET");
    this.nodeSecret = appEnv.get("MEDIA_NODE_SECRET");
    this.mediaNodeUrl = mediaNode.url();
    this.signalingUrl = mediaNode.url().replaceFirst("^http", "ws") + "/ws";
    this.signalingPort = mediaNode.signalingPort();
    this.mediaUdpPort = mediaNode.udpPort();
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
    ServerProcess app = startApp(appEnv, work);
    MediaNodeProcess mediaNode = null;
    try {
      AppApi api = new AppApi(appUrl);
      mediaNode = startMediaNode(work, appEnv, NODE_ID, extraNodeEnv);
      String adminToken = api.login(ADMIN_EMAIL, adminPassword).get("token").asString();
      AppWithMediaNode servers =
          new AppWithMediaNode(app, Map.copyOf(appEnv), work, mediaNode, api, adminToken);
      servers.awaitNode(NODE_ID, node -> node.get("live").asBoolean());
      return servers;
    } catch (Exception | Error e) {
      if (mediaNode != null) {
        mediaNode.process().close();
      }
      app.close();
      throw e;
    }
  }

  private static ServerProcess startApp(Map<String, String> env, Path work) throws Exception {
    ServerProcess app = ServerProcess.start("app", env, work);
    try {
      app.awaitHttpOk(URI.create(env.get("CLIENT_BASE_URL") + "/health"), Duration.ofSeconds(120));
      return app;
    } catch (Exception | Error e) {
      app.close();
      throw e;
    }
  }

  /**
   * Starts a media node with id {@code id} beside the app's address, registering with it, and
   * returns once its health endpoint answers (not yet necessarily registered).
   */
  private static MediaNodeProcess startMediaNode(
      Path work, Map<String, String> appEnv, String id, Map<String, String> extraNodeEnv)
      throws Exception {
    String appUrl = appEnv.get("CLIENT_BASE_URL");
    String host = URI.create(appUrl).getHost();
    int mediaUdpPort = ServerProcess.freeUdpPort();
    int signalingPort = ServerProcess.freeTcpPort();
    Map<String, String> nodeEnv = new HashMap<>(extraNodeEnv);
    nodeEnv.put("MEDIA_NODE_ID", id);
    nodeEnv.put("APP_URL", appUrl);
    nodeEnv.put("MEDIA_NODE_SECRET", appEnv.get("MEDIA_NODE_SECRET"));
    nodeEnv.put("MEDIA_UDP_PORT", Integer.toString(mediaUdpPort));
    nodeEnv.put("MEDIA_BIND_ADDRESSES", host);
    nodeEnv.put("MEDIA_SIGNALING_HOST", host);
    nodeEnv.put("MEDIA_SIGNALING_PORT", Integer.toString(signalingPort));
    nodeEnv.put("MEDIA_PUBLIC_SIGNALING_URL", "ws://" + host + ":" + signalingPort + "/ws");
    nodeEnv.put("JAVA_TOOL_OPTIONS", "-Djava.util.logging.config.file=" + estimateLogging());
    // Each node's log file is named after its module: a second node gets a folder of its own.
    Path folder = id.equals(NODE_ID) ? work : Files.createDirectories(work.resolve(id));
    ServerProcess node = ServerProcess.start("media-node", nodeEnv, folder);
    String url = "http://" + host + ":" + signalingPort;
    try {
      node.awaitHttpOk(URI.create(url + "/health"), Duration.ofSeconds(60));
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
    return new MediaNodeProcess(id, node, url, signalingPort, mediaUdpPort);
  }

  /** Starts one more media node, with id {@code id}, and waits until the app lists it as live. */
  MediaNodeProcess startMediaNode(String id) throws Exception {
    MediaNodeProcess node = startMediaNode(work, appEnv, id, Map.of());
    moreNodes.add(node);
    awaitNode(id, listed -> listed.get("live").asBoolean());
    return node;
  }

  /** The app's process, the one running now. */
  ServerProcess app() {
    return app;
  }

  /** The first node, as {@link #startMediaNode(String)} describes the others. */
  MediaNodeProcess firstMediaNode() {
    return new MediaNodeProcess(NODE_ID, mediaNode, mediaNodeUrl, signalingPort, mediaUdpPort);
  }

  /**
   * Kills the app (SIGKILL: no shutdown hook runs) and starts it again with the same environment,
   * port and data folder; returns once it answers {@code /health}.
   */
  void restartApp() throws Exception {
    app.kill();
    app = startApp(appEnv, work);
  }

  /**
   * The node's logging with each receiver's downlink estimate logged once a second (level FINE),
   * which {@link #downlinkEstimateKbps} reads.
   */
  private static Path estimateLogging() throws URISyntaxException {
    return Path.of(AppWithMediaNode.class.getResource("media-node-logging.properties").toURI());
  }

  /**
   * The lines the node logged about the downlink of the participant with node id {@code id}: its
   * estimate, each probe's outcome, and each layer it was given.
   */
  List<String> downlinkLog(String id) {
    String about = id + ": ";
    return mediaNode.lines().stream()
        .filter(
            line ->
                line.contains(about)
                    && (line.contains("DownlinkEstimate") || line.contains("DownlinkAllocation")))
        .toList();
  }

  /**
   * The last downlink estimate the node logged for the participant with node id {@code id}, in
   * kbit/s; -1 when it logged none.
   */
  long downlinkEstimateKbps(String id) {
    Pattern estimate = Pattern.compile(Pattern.quote(id) + ": downlink estimate (\\d+) kbit/s");
    long last = -1;
    for (String line : downlinkLog(id)) {
      Matcher m = estimate.matcher(line);
      if (m.find()) {
        last = Long.parseLong(m.group(1));
      }
    }
    return last;
  }

  /** Waits until the app's view of the (first) media node satisfies {@code condition}. */
  void awaitNode(Predicate<JsonNode> condition) throws InterruptedException {
    awaitNode(NODE_ID, condition);
  }

  /** Waits until the app's view of media node {@code id} satisfies {@code condition}. */
  void awaitNode(String id, Predicate<JsonNode> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode node : api.get("/api/media-nodes", adminToken).expect(200)) {
        if (id.equals(node.get("id").asString()) && condition.test(node)) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the app never saw media node " + id + " so:\n" + mediaNode.tail());
  }

  /**
   * A patient books the doctor's slot tomorrow (published for it) and the doctor confirms it, as on
   * the dashboard; returns the appointment's id.
   */
  String confirmedAppointment(String doctorId, String doctorToken, String patientToken) {
    Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    api.publishSlots(doctorId, doctorToken, start, start.plus(30, ChronoUnit.MINUTES), 30)
        .expect(201);
    return confirmedAppointment(doctorId, doctorToken, patientToken, start);
  }

  /** Books the doctor's published slot at {@code start} for the patient, and confirms it. */
  String confirmedAppointment(
      String doctorId, String doctorToken, String patientToken, Instant start) {
    String appointment =
        api.post(
                "/api/appointments",
                Map.of("doctorId", doctorId, "start", start.toString(), "reason", "follow-up"),
                patientToken)
            .expect(201)
            .get("id")
            .asString();
    api.put(
            "/api/appointments/" + appointment + "/status",
            Map.of("status", "confirmed"),
            doctorToken)
        .expect(200);
    return appointment;
  }

  /**
   * Creates a consultation through the integration API, as a clinic's backend does, and returns the
   * join links of its doctor and patient by role ("doctor", "patient"), and of each of {@code
   * guests} (invited by the backend as guests) by their name.
   */
  Map<String, String> newConsult(String appointmentPrefix, String patientName, String... guests) {
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
    Map<String, String> links = new HashMap<>();
    links.put("doctor", joinUrl(sessionId, "doctor", "doctor-" + id, "Dr. Ada Osei"));
    links.put("patient", joinUrl(sessionId, "patient", "patient-" + id, patientName));
    for (int i = 0; i < guests.length; i++) {
      links.put(guests[i], joinUrl(sessionId, "guest", "guest-" + i + "-" + id, guests[i]));
    }
    return links;
  }

  /** The session a join link ({@code /join/{sessionId}?token=…}) is for. */
  static String sessionIdOf(String joinUrl) {
    return URI.create(joinUrl).getPath().substring("/join/".length());
  }

  /** The join token a join link carries. */
  static String tokenOf(String joinUrl) {
    return URI.create(joinUrl).getRawQuery().substring("token=".length());
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
      for (MediaNodeProcess node : moreNodes) {
        node.process().close();
      }
      mediaNode.close();
    } finally {
      app.close();
    }
  }
}
