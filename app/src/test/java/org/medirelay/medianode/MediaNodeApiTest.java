package org.medirelay.medianode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * Media nodes registered here are left draining or full at the end of each test, so that sessions
 * other test classes create are not placed on them (the context is shared).
 */
class MediaNodeApiTest extends AppTest {

  private static final Map<String, String> SECRET =
      Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET);

  @Test
  void heartbeatsNeedTheSharedSecretAndAValidBody() {
    String id = "node-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/media-nodes/heartbeat", heartbeatBody(id, 10, 10, true), (String) null)
                .status())
        .isEqualTo(401);
    assertThat(
            api.post(
                    "/api/media-nodes/heartbeat",
                    heartbeatBody(id, 10, 10, true),
                    Map.of("Authorization", "Bearer wrong"))
                .status())
        .isEqualTo(401);
    Map<String, Object> bad = heartbeatBody(id, 0, 0, true);
    bad.put("signalingUrl", "javascript:alert(1)");
    AppApi.Response refused = api.post("/api/media-nodes/heartbeat", bad, SECRET);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asString())
        .contains("capacity")
        .contains("signalingUrl");
    assertThat(api.post("/api/media-nodes/heartbeat", "{\"id\":", SECRET).status()).isEqualTo(400);
    assertThat(nodes().findValues("id").stream().map(JsonNode::asString)).doesNotContain(id);

    AppApi.Response ok =
        api.post("/api/media-nodes/heartbeat", heartbeatBody(id, 10, 10, true), SECRET);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("heartbeatIntervalSeconds").asLong()).isEqualTo(2);
    JsonNode listed = node(id);
    assertThat(listed.get("live").asBoolean()).isTrue();
    assertThat(listed.get("draining").asBoolean()).isTrue();
    assertThat(listed.get("signalingUrl").asString())
        .isEqualTo("ws://127.0.0.1:8443/" + id + "/ws");
  }

  @Test
  void sessionsGoToTheLiveNonDrainingNodeWithTheMostFreeCapacity() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String busy = "busy-" + tag;
    String quiet = "quiet-" + tag;
    assertThat(
            api.post("/api/media-nodes/heartbeat", heartbeatBody(busy, 100, 80, false), SECRET)
                .status())
        .isEqualTo(200);
    assertThat(
            api.post("/api/media-nodes/heartbeat", heartbeatBody(quiet, 100, 10, false), SECRET)
                .status())
        .isEqualTo(200);
    try {
      assertThat(createSession()).isEqualTo(quiet);
      // The placement counts on the node at once, before its next heartbeat.
      assertThat(node(quiet).get("participants").asInt()).isEqualTo(12);
      // Draining nodes keep their sessions but get no new ones.
      api.post("/api/media-nodes/heartbeat", heartbeatBody(quiet, 100, 10, true), SECRET);
      assertThat(createSession()).isEqualTo(busy);
      // The join page sends the browser to the session's node.
      api.post("/api/media-nodes/heartbeat", heartbeatBody(busy, 100, 100, false), SECRET);
      assertThat(createSession()).isNull();
    } finally {
      api.post("/api/media-nodes/heartbeat", heartbeatBody(busy, 100, 100, true), SECRET);
      api.post("/api/media-nodes/heartbeat", heartbeatBody(quiet, 100, 100, true), SECRET);
    }
  }

  /**
   * An operator drains the node a session was placed on. While the call is in progress there, its
   * links keep leading there; once nobody is in it, the session moves to a node in service and the
   * same link follows it, with a token the app re-issued for the new node (same person, same
   * grants, same expiry).
   */
  @Test
  void aDrainingNodeKeepsCallsInProgressAndOtherSessionsMoveWithTheirLinks() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String old = "old-" + tag;
    String next = "next-" + tag;
    Map<String, String> secret = Map.of("X-Internal-Secret", INTERNAL_SECRET);
    api.post("/api/media-nodes/heartbeat", heartbeatBody(old, 1000, 0, false), SECRET);
    try {
      JsonNode created =
          api.post(
                  "/sessions",
                  Map.of("appointmentId", "drain-" + tag, "doctorId", "d1", "patientId", "p1"),
                  secret)
              .json();
      assertThat(created.get("mediaNodeId").asString()).isEqualTo(old);
      assertThat(created.get("sfuNodeId").asString())
          .as("the former name, still sent")
          .isEqualTo(old);
      String sessionId = created.get("sessionId").asString();
      String link =
          api.post(
                  "/sessions/" + sessionId + "/join",
                  Map.of("role", "patient", "userId", "p1"),
                  secret)
              .json()
              .get("joinUrl")
              .asString();
      String path = link.substring(link.indexOf("/join/"));
      String linkToken = link.substring(link.indexOf("token=") + "token=".length());

      api.post("/api/media-nodes/heartbeat", heartbeatBody(old, 1000, 2, true, sessionId), SECRET);
      api.post("/api/media-nodes/heartbeat", heartbeatBody(next, 1000, 0, false), SECRET);
      AppApi.Response during = api.get(path);
      assertThat(during.body())
          .contains("/" + old + "/ws")
          .contains("data-join-token=\"" + linkToken + "\"");

      api.post("/api/media-nodes/heartbeat", heartbeatBody(old, 1000, 0, true), SECRET);
      AppApi.Response after = api.get(path);
      assertThat(after.status()).isEqualTo(200);
      assertThat(after.body()).contains("/" + next + "/ws");
      String moved = after.body().replaceAll("(?s).*data-join-token=\"([^\"]+)\".*", "$1");
      JsonNode linkClaims = claims(linkToken);
      JsonNode movedClaims = claims(moved);
      assertThat(movedClaims.get("node").asString()).isEqualTo(next);
      assertThat(movedClaims.get("sub")).isEqualTo(linkClaims.get("sub"));
      assertThat(movedClaims.get("grants")).isEqualTo(linkClaims.get("grants"));
      assertThat(movedClaims.get("exp")).isEqualTo(linkClaims.get("exp"));
      assertThat(movedClaims.get("jti")).isNotEqualTo(linkClaims.get("jti"));
      assertThat(
              api.post(
                      "/sessions",
                      Map.of("appointmentId", "drain-" + tag, "doctorId", "d1", "patientId", "p1"),
                      secret)
                  .json()
                  .get("mediaNodeId")
                  .asString())
          .isEqualTo(next);
    } finally {
      api.post("/api/media-nodes/heartbeat", heartbeatBody(old, 100, 100, true), SECRET);
      api.post("/api/media-nodes/heartbeat", heartbeatBody(next, 100, 100, true), SECRET);
    }
  }

  /**
   * A link issued while no node was live names no node, and media nodes refuse a token that does
   * not name them: the join page hands the node the session is placed on a token naming it.
   */
  @Test
  void aLinkIssuedWhileNoNodeWasLiveReachesItsNodeWithATokenNamingIt() {
    Map<String, String> secret = Map.of("X-Internal-Secret", INTERNAL_SECRET);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String late = "late-" + tag;
    JsonNode created =
        api.post(
                "/sessions",
                Map.of("appointmentId", "late-" + tag, "doctorId", "d1", "patientId", "p1"),
                secret)
            .json();
    assertThat(created.get("mediaNodeId").isNull()).as("no node is live").isTrue();
    String link =
        api.post(
                "/sessions/" + created.get("sessionId").asString() + "/join",
                Map.of("role", "patient", "userId", "p1"),
                secret)
            .json()
            .get("joinUrl")
            .asString();
    JsonNode linkNode =
        claims(link.substring(link.indexOf("token=") + "token=".length())).get("node");
    assertThat(linkNode == null || linkNode.asString().isEmpty()).isTrue();

    api.post("/api/media-nodes/heartbeat", heartbeatBody(late, 1000, 0, false), SECRET);
    try {
      AppApi.Response page = api.get(link.substring(link.indexOf("/join/")));
      assertThat(page.body()).contains("/" + late + "/ws");
      String handed = page.body().replaceAll("(?s).*data-join-token=\"([^\"]+)\".*", "$1");
      assertThat(claims(handed).get("node").asString()).isEqualTo(late);
    } finally {
      api.post("/api/media-nodes/heartbeat", heartbeatBody(late, 100, 100, true), SECRET);
    }
  }

  private static JsonNode claims(String jwt) {
    String payload =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload);
  }

  @Test
  void theJoinPageSaysSoWhenNoMediaNodeIsAvailable() {
    Map<String, String> secret = Map.of("X-Internal-Secret", INTERNAL_SECRET);
    String tag = UUID.randomUUID().toString();
    String sessionId =
        api.post(
                "/sessions",
                Map.of("appointmentId", "a" + tag, "doctorId", "d1", "patientId", "p1"),
                secret)
            .json()
            .get("sessionId")
            .asString();
    String joinUrl =
        api.post(
                "/sessions/" + sessionId + "/join",
                Map.of("role", "patient", "userId", "p1"),
                secret)
            .json()
            .get("joinUrl")
            .asString();
    AppApi.Response page = api.get(joinUrl.substring(joinUrl.indexOf("/join/")));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("No media node is available")
        // No signaling URL: the template leaves an empty attribute out, which call.js reads alike.
        .doesNotContain("data-signaling-url");
  }

  private String createSession() {
    String tag = UUID.randomUUID().toString();
    JsonNode created =
        api.post(
                "/sessions",
                Map.of("appointmentId", "apt-" + tag, "doctorId", "d1", "patientId", "p1"),
                Map.of("X-Internal-Secret", INTERNAL_SECRET))
            .json();
    return created.get("mediaNodeId").isNull() ? null : created.get("mediaNodeId").asString();
  }

  private JsonNode nodes() {
    AppApi.Response nodes = api.get("/api/media-nodes", admin().token());
    assertThat(nodes.status()).isEqualTo(200);
    return nodes.json();
  }

  private JsonNode node(String id) {
    for (JsonNode node : nodes()) {
      if (node.get("id").asString().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("node " + id + " is not listed");
  }
}
