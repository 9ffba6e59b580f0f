package org.medirelay.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.medirelay.token.Grant;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokens;
import org.medirelay.token.JsonWebKeySets;
import org.medirelay.token.ParticipantRole;

/**
 * Stands in for the app until its join page is merged: signs join tokens, serves the JWKS, and
 * serves a join page that follows the join page contract (see call.js) and loads the real {@code
 * /call/call.js} from the app module's sources, with the modules it imports from {@code /call/} and
 * {@code /shared/}.
 */
final class TestIssuer implements AutoCloseable {

  static final String KID = "test-key";

  /** The dashboard a non-guest's join page names (data-dashboard-url). */
  static final String DASHBOARD = "/app/";

  private static final Path STATIC = Path.of("..", "app", "src", "main", "resources", "static");

  private final KeyPair keys;
  private final HttpServer server;
  private final String nodeId;

  TestIssuer(String nodeIdForTokens) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    keys = generator.generateKeyPair();
    nodeId = nodeIdForTokens;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/.well-known/jwks.json", ex -> respond(ex, 200, "application/json", jwks()));
    server.createContext("/call/", this::serveStaticFile);
    server.createContext("/shared/", this::serveStaticFile);
    server.createContext("/join/", this::serveJoinPage);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String jwks() {
    return JsonWebKeySets.toJson(Map.of(KID, keys.getPublic()));
  }

  /**
   * A token with {@code grants} and the {@code admit} grant: tests that are not about the waiting
   * room enter the call at once, as everyone did before it existed. {@link #waitingToken} leaves it
   * out.
   */
  String token(String sessionId, String name, Set<Grant> grants) {
    return token(sessionId, name, grants, Instant.now().plus(Duration.ofHours(1)));
  }

  /** A token with exactly {@code grants}: without {@code admit}, its holder waits to be let in. */
  String waitingToken(String sessionId, String name, Set<Grant> grants) {
    return token(
        nodeId, sessionId, name, grants, Instant.now().plus(Duration.ofHours(1)), Set.of());
  }

  String token(String sessionId, String name, Set<Grant> grants, Instant expiresAt) {
    return token(nodeId, sessionId, name, grants, expiresAt, EnumSet.of(Grant.ADMIT));
  }

  /** A token whose {@code node} claim is {@code node} ("" for none) rather than this issuer's. */
  String tokenNaming(String node, String sessionId, String name, Set<Grant> grants) {
    return token(
        node,
        sessionId,
        name,
        grants,
        Instant.now().plus(Duration.ofHours(1)),
        EnumSet.of(Grant.ADMIT));
  }

  private String token(
      String node,
      String sessionId,
      String name,
      Set<Grant> grants,
      Instant expiresAt,
      Set<Grant> extra) {
    Set<Grant> all = EnumSet.noneOf(Grant.class);
    all.addAll(grants);
    all.addAll(extra);
    Instant now = Instant.now();
    Instant issued =
        expiresAt.minus(Duration.ofHours(1)).isBefore(now)
            ? expiresAt.minus(Duration.ofHours(1))
            : now;
    JoinTokenClaims claims =
        new JoinTokenClaims(
            url(),
            JoinTokens.AUDIENCE,
            "user-" + name,
            name,
            ParticipantRole.PARTICIPANT,
            sessionId,
            node,
            all,
            issued,
            issued,
            expiresAt,
            UUID.randomUUID().toString());
    return JoinTokens.sign(claims, keys.getPrivate(), KID);
  }

  /**
   * The join page URL for a participant; the page points at {@code signalingUrl} and, as the app's
   * does for an appointment's doctor and patient, names the dashboard ({@link #DASHBOARD}).
   */
  String joinUrl(String sessionId, String token, String signaling) {
    return url()
        + "/join/"
        + sessionId
        + "?token="
        + token
        + "&ws="
        + URLEncoder.encode(signaling, StandardCharsets.UTF_8);
  }

  /** As {@link #joinUrl}, but a guest's page: it names no dashboard. */
  String guestJoinUrl(String sessionId, String token, String signaling) {
    return joinUrl(sessionId, token, signaling) + "&guest";
  }

  private void serveJoinPage(HttpExchange ex) throws IOException {
    String sessionId = ex.getRequestURI().getPath().substring("/join/".length());
    String query = ex.getRequestURI().getRawQuery();
    String ws = "";
    String dashboard = DASHBOARD;
    for (String part : query == null ? new String[0] : query.split("&")) {
      if (part.startsWith("ws=")) {
        ws = URLDecoder.decode(part.substring(3), StandardCharsets.UTF_8);
      } else if (part.equals("guest")) {
        dashboard = "";
      }
    }
    String html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Consultation</title>"
            + "<link rel=\"stylesheet\" href=\"/call/call.css\"></head>"
            + "<body data-call-state=\"idle\" data-session-id=\""
            + sessionId
            + "\" data-signaling-url=\""
            + ws
            + "\" data-display-name=\"Test\" data-role=\"participant\" data-dashboard-url=\""
            + dashboard
            + "\">"
            + "<script type=\"application/json\" id=\"ice-servers\">[]</script>"
            + "<script type=\"module\" src=\"/call/call.js\"></script></body></html>";
    respond(ex, 200, "text/html; charset=utf-8", html);
  }

  /** A file of the app's static folder under /call/ or /shared/ (the contexts served). */
  private void serveStaticFile(HttpExchange ex) throws IOException {
    String name = ex.getRequestURI().getPath().substring(1);
    Path file = STATIC.resolve(name).normalize();
    if (!file.startsWith(STATIC) || !Files.isRegularFile(file)) {
      respond(ex, 404, "text/plain", "not found");
      return;
    }
    String type = name.endsWith(".js") ? "text/javascript" : "text/css";
    respond(ex, 200, type, Files.readString(file));
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
