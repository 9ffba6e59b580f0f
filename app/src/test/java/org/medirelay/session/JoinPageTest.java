package org.medirelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import org.medirelay.token.Grant;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokens;
import org.medirelay.token.ParticipantRole;
import org.medirelay.turncredential.TurnRestCredential;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

class JoinPageTest extends AppTest {

  private static final String JWT = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";

  @Autowired JoinTokenKeyRing keys;

  private record Joined(String sessionId, String token, String appointmentId, Account doctor) {}

  private Joined session() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String joinUrl =
        api.post("/api/appointments/" + appointment + "/session", "", patient.token())
            .json()
            .get("joinUrl")
            .asString();
    String path = URI.create(joinUrl).getRawPath();
    return new Joined(
        path.substring("/join/".length()),
        URI.create(joinUrl).getRawQuery().substring("token=".length()),
        appointment,
        doctor);
  }

  @Test
  void aValidTokenGetsTheCallPageShell() {
    liveNode(); // for the session, so the page names its signaling URL
    Joined joined = session();
    AppApi.Response page = api.get("/join/" + joined.sessionId() + "?token=" + joined.token());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body())
        .contains("data-call-state=\"idle\"")
        .contains("data-session-id=\"" + joined.sessionId() + "\"")
        .contains("data-role=\"participant\"")
        .contains("data-display-name=\"patient ")
        .contains("data-signaling-url=\"ws://")
        // After the call, the appointment's patient is led back to their appointments.
        .contains("data-dashboard-url=\"/\"")
        .containsPattern("data-join-token=\"" + JWT + "\"")
        .contains(
            "<script type=\"application/json\" id=\"ice-servers\">[{\"urls\":[\"turn:127.0.0.1:3478?transport=udp\"")
        .contains("src=\"/call/call.js\"")
        .contains("href=\"/call/call.css\"");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("Cache-Control")).contains("no-store");
  }

  @Test
  void aLinkStopsWorkingOnceTheAppointmentIsCancelled() {
    Joined joined = session();
    String path = "/join/" + joined.sessionId() + "?token=" + joined.token();
    assertThat(api.get(path).status()).isEqualTo(200);
    api.put(
        "/api/appointments/" + joined.appointmentId() + "/status",
        Map.of("status", "cancelled"),
        joined.doctor().token());
    AppApi.Response page = api.get(path);
    assertThat(page.status()).isEqualTo(410);
    assertThat(page.body()).contains("cancelled or has ended").doesNotContain("/call/call.js");
  }

  @Test
  void aTokenForAnotherSessionIsRefused() {
    Joined one = session();
    Joined other = session();
    assertRefused(
        api.get("/join/" + other.sessionId() + "?token=" + one.token()), "another session");
  }

  @Test
  void missingMalformedExpiredForgedAndUnsignedTokensAreRefusedWithTheReason() {
    Joined joined = session();
    String path = "/join/" + joined.sessionId();
    assertRefused(api.get(path), "No join token");
    assertRefused(api.get(path + "?token=abc.def"), "damaged");

    Instant past = Instant.now().minusSeconds(7200);
    JoinTokenClaims expired = claims(joined.sessionId(), past, past.plusSeconds(3600));
    assertRefused(
        api.get(path + "?token=" + JoinTokens.sign(expired, keys.privateKey(), keys.keyId())),
        "expired");

    // Same kid, another key: the signature does not verify.
    KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
    JoinTokenClaims valid =
        claims(joined.sessionId(), Instant.now(), Instant.now().plusSeconds(600));
    assertRefused(
        api.get(path + "?token=" + JoinTokens.sign(valid, attacker.getPrivate(), keys.keyId())),
        "not issued by this clinic");

    // alg: none with the valid token's claims.
    String payload = joined.token().split("\\.")[1];
    String header = b64("{\"alg\":\"none\",\"kid\":\"" + keys.keyId() + "\"}");
    assertRefused(
        api.get(path + "?token=" + header + "." + payload + "."), "not issued by this clinic");

    // A different issuer signed with our own key is still refused.
    JoinTokenClaims foreign =
        new JoinTokenClaims(
            "https://evil.example",
            JoinTokens.AUDIENCE,
            "u1",
            "Eve",
            ParticipantRole.HOST,
            joined.sessionId(),
            "",
            Set.of(Grant.PUBLISH),
            Instant.now(),
            Instant.now(),
            Instant.now().plusSeconds(600),
            UUID.randomUUID().toString());
    assertRefused(
        api.get(path + "?token=" + JoinTokens.sign(foreign, keys.privateKey(), keys.keyId())),
        "not issued by this clinic");
  }

  @Test
  void markupInTokenClaimsIsEscaped() {
    Joined joined = session();
    JoinTokenClaims claims =
        new JoinTokenClaims(
            PUBLIC_URL,
            JoinTokens.AUDIENCE,
            "u1",
            "\"><script>alert(1)</script>",
            ParticipantRole.PARTICIPANT,
            joined.sessionId(),
            "",
            Set.of(Grant.SUBSCRIBE),
            Instant.now(),
            Instant.now(),
            Instant.now().plusSeconds(600),
            UUID.randomUUID().toString());
    AppApi.Response page =
        api.get(
            "/join/"
                + joined.sessionId()
                + "?token="
                + JoinTokens.sign(claims, keys.privateKey(), keys.keyId()));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("<script>alert(1)").contains("&quot;&gt;&lt;script&gt;");
  }

  @Test
  void hostileDisplayNamesAreEscapedOnceAndNeverReadAsTemplate() {
    // A live node, so the page carries a node token that a name could try to pull in.
    liveNode();
    Account doctor = register("doctor");
    String appointment = confirmedAppointment(doctor, register("patient"));
    for (String name :
        List.of(
            "{{joinToken}}",
            "{{iceServers}} {{sessionId}}",
            "[[${joinToken}]] [(${iceServers})] ${joinToken}",
            "\"><script>alert(1)</script>",
            "O'Brien \"Bob\" & <Co> `x` =y")) {
      JsonNode invitation =
          api.post(
                  "/api/appointments/" + appointment + "/session/guests",
                  Map.of("displayName", name),
                  doctor.token())
              .expect(201);
      URI link = URI.create(invitation.get("joinUrl").asString());
      AppApi.Response page = api.get(link.getRawPath() + "?" + link.getRawQuery());
      assertThat(page.status()).isEqualTo(200);
      String body = page.body();

      String shown = attribute(body, "data-display-name");
      assertThat(shown).doesNotContain("\"", "<", ">");
      assertThat(HtmlUtils.htmlUnescape(shown)).as("escaped exactly once").isEqualTo(name);
      assertThat(body).doesNotContain("<script>alert");

      assertThat(attribute(body, "data-join-token")).matches(JWT);
      assertThat(body).as("a guest has no dashboard").doesNotContain("data-dashboard-url");
      JsonNode ice = AppApi.JSON.readTree(between(body, "id=\"ice-servers\">", "</script>"));
      assertThat(ice.get(0).get("urls").get(0).asString())
          .isEqualTo("turn:127.0.0.1:3478?transport=udp");
      String username = ice.get(0).get("username").asString();
      assertThat(username).contains(":guest");
      assertThat(ice.get(0).get("credential").asString())
          .isEqualTo(TurnRestCredential.passwordFor(TURN_SECRET, username));
      // Withdrawn again, so that the next name fits within the clinic's guest limit.
      api.delete(
              "/api/appointments/"
                  + appointment
                  + "/session/guests/"
                  + invitation.get("guestId").asString(),
              doctor.token())
          .expect(204);
    }
  }

  /** Registers a live media node for this test (AppTest takes it out of service after). */
  private void liveNode() {
    String node = "join-page-node-" + UUID.randomUUID();
    mediaNodeHeartbeat(node);
  }

  /** The value of an attribute, as written in the page (still escaped). */
  private static String attribute(String body, String name) {
    return between(body, name + "=\"", "\"");
  }

  private static String between(String text, String before, String after) {
    int start = text.indexOf(before);
    assertThat(start).as(before).isNotNegative();
    assertThat(text.indexOf(before, start + 1)).as("only one " + before).isNegative();
    start += before.length();
    return text.substring(start, text.indexOf(after, start));
  }

  private JoinTokenClaims claims(String sessionId, Instant from, Instant to) {
    return new JoinTokenClaims(
        PUBLIC_URL,
        JoinTokens.AUDIENCE,
        "u1",
        "Pat",
        ParticipantRole.PARTICIPANT,
        sessionId,
        "",
        Set.of(Grant.PUBLISH, Grant.SUBSCRIBE),
        from,
        from,
        to,
        UUID.randomUUID().toString());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(AppApi.Response page, String reasonFragment) {
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body())
        .contains("data-call-state=\"error\"")
        .contains(reasonFragment)
        // A way on: the dashboard, to sign in and open the appointment again.
        .contains("<a class=\"way-on\" href=\"/\">Sign in to your appointments</a>")
        .doesNotContain("/call/call.js");
  }
}
