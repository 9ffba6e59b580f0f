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
 * /call/call.js} from the app module's sources.
 */
final class TestIssuer implements AutoCloseable {

  static final String KID = "test-key";
  private static final Path CALL_DIR =
      Path.of("..", "app", "src", "main", "resources", "static", "call");

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
    server.createContext("/call/", this::serveCallFile);
    server.createContext("/join/", this::serveJoinPage);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String jwks() {
    return JsonWebKeySets.toJson(Map.of(KID, keys.getPublic()));
  }

  String token(String sessionId, String name, Set<Grant> grants) {
    return token(sessionId, name, grants, Instant.now().plus(Duration.ofHours(1)));
  }

  String token(String sessionId, String name, Set<Grant> grants, Instant expiresAt) {
    return token(nodeId, sessionId, name, grants, expiresAt);
  }

  /** A token whose {@code node} claim is {@code node} ("" for none) rather than this issuer's. */
  String tokenNaming(String node, String sessionId, String name, Set<Grant> grants) {
    return token(node, sessionId, name, grants, Instant.now().plus(Duration.ofHours(1)));
  }

  private String token(
      String node, String sessionId, String name, Set<Grant> grants, Instant expiresAt) {
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
            grants,
            issued,
            issued,
            expiresAt,
            UUID.randomUUID().toString());
    return JoinTokens.sign(claims, keys.getPrivate(), KID);
  }

  /** The join page URL for a participant; the page points at {@code signalingUrl}. */
  String joinUrl(String sessionId, String token, String signaling) {
    return url()
        + "/join/"
        + sessionId
        + "?token="
        + token
        + "&ws="
        + URLEncoder.encode(signaling, StandardCharsets.UTF_8);
  }

  private void serveJoinPage(HttpExchange ex) throws IOException {
    String sessionId = ex.getRequestURI().getPath().substring("/join/".length());
    String query = ex.getRequestURI().getRawQuery();
    String ws = "";
    for (String part : query == null ? new String[0] : query.split("&")) {
      if (part.startsWith("ws=")) {
        ws = URLDecoder.decode(part.substring(3), StandardCharsets.UTF_8);
      }
    }
    String html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Consultation</title>"
            + "<link rel=\"stylesheet\" href=\"/call/call.css\"></head>"
            + "<body data-call-state=\"idle\" data-session-id=\""
            + sessionId
            + "\" data-signaling-url=\""
            + ws
            + "\" data-display-name=\"Test\" data-role=\"participant\">"
            + "<script type=\"application/json\" id=\"ice-servers\">[]</script>"
            + "<script src=\"/call/call.js\"></script></body></html>";
    respond(ex, 200, "text/html; charset=utf-8", html);
  }

  private void serveCallFile(HttpExchange ex) throws IOException {
    String name = ex.getRequestURI().getPath().substring("/call/".length());
    Path file = CALL_DIR.resolve(name).normalize();
    if (!file.startsWith(CALL_DIR) || !Files.isRegularFile(file)) {
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
