package org.medirelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in throttling as a clinic behind one NAT address meets it: failures pause the account and
 * address pair that failed, an address with many failures must prove work, and a right password
 * from an address that is not itself paused gets in. Each test signs in from loopback addresses of
 * its own (127.0.x.y), so no other test's failures count.
 */
class LoginThrottleApiTest extends AppTest {

  private static final String WRONG = "not the password";

  /** A raw HTTP answer: status, headers (lower-case names) and body. */
  private record Raw(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      return AppApi.JSON.readTree(body);
    }
  }

  @Test
  void aRightPasswordGetsInFromAnAddressOthersUsedForAHundredFailedSignIns() {
    Account doctor = register("doctor");
    String clinic = "127.0.2.1";
    String attacker = "127.0.2.2";

    // Someone in the clinic tries made-up emails: after 20 failures the address must prove work.
    for (int i = 0; i < 100; i++) {
      Raw answer = login(clinic, "nobody-" + UUID.randomUUID() + "@x.org", WRONG, null);
      assertThat(answer.status()).isEqualTo(i < 20 ? 401 : 429);
    }
    // Someone elsewhere tries the doctor's password: their pair pauses after 5 failures.
    int checked = 0;
    Raw last = null;
    for (int i = 0; i < 100; i++) {
      last = login(attacker, doctor.email(), WRONG, null);
      assertThat(last.status()).isIn(401, 429);
      checked += last.status() == 401 ? 1 : 0;
    }
    // 5 free, the 6th pauses the pair 5 s, then 10 s …: a slow machine may see one pause end.
    assertThat(checked).isBetween(6, 8);
    // The loop may end on the failure after a pause ended (a loaded machine took over 15 s for
    // it); that failure paused the pair again, longer.
    if (last.status() == 401) {
      last = login(attacker, doctor.email(), WRONG, null);
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(Long.parseLong(last.headers().get("retry-after"))).isBetween(1L, 20L);
    assertThat(last.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(last.json().get("detail").asString())
        .contains("from your address")
        .containsPattern("Try again in \\d+ seconds?\\.");
    // Even the right password waits on the attacker's pair.
    assertThat(login(attacker, doctor.email(), PASSWORD, null).status()).isEqualTo(429);

    // The doctor, in the clinic: one proof of work, then in.
    Raw challenge = login(clinic, doctor.email(), PASSWORD, null);
    assertThat(challenge.status()).isEqualTo(429);
    assertThat(challenge.headers()).containsKey("retry-after");
    assertThat(challenge.json().get("detail").asString()).contains("proof of work");
    assertThat(challenge.json().get("bits").asInt()).isBetween(16, 20);
    Map<String, String> proof = AppApi.proofOfWork(challenge.json());
    Raw signedIn = login(clinic, doctor.email(), PASSWORD, proof);
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    assertThat(signedIn.json().get("user").get("id").asString()).isEqualTo(doctor.id());
    // A proof opens one attempt, and a wrong one none.
    assertThat(login(clinic, doctor.email(), PASSWORD, proof).status()).isEqualTo(429);
    Map<String, String> wrong = Map.of("challenge", proof.get("challenge"), "nonce", "x");
    assertThat(login(clinic, doctor.email(), PASSWORD, wrong).status()).isEqualTo(429);
    // From an address nobody misused, no proof is needed.
    assertThat(login("127.0.2.3", doctor.email(), PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void fiveWrongPasswordsPauseOnlyThatAddressNotTheAccount() {
    Account patient = register("patient");
    for (int i = 0; i < 5; i++) {
      assertThat(login("127.0.3.1", patient.email(), WRONG, null).status()).isEqualTo(401);
    }
    assertThat(login("127.0.3.1", patient.email(), WRONG, null).status()).isEqualTo(401);
    Raw paused = login("127.0.3.1", patient.email(), WRONG, null);
    assertThat(paused.status()).isEqualTo(429);
    assertThat(paused.headers()).containsKey("retry-after");
    // The owner, from their own address, signs in at once.
    assertThat(login("127.0.3.2", patient.email(), PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void anAccountAttackedFromManyAddressesStillLetsItsOwnerIn() {
    Account doctor = register("doctor");
    // 20 failures from five addresses, none of them paused (4 each)...
    for (int address = 1; address <= 5; address++) {
      for (int i = 0; i < 4; i++) {
        assertThat(login("127.0.4." + address, doctor.email(), WRONG, null).status())
            .isEqualTo(401);
      }
    }
    // ...make the account one under attack: a new address pauses after its first failure.
    assertThat(login("127.0.4.7", doctor.email(), WRONG, null).status()).isEqualTo(401);
    assertThat(login("127.0.4.7", doctor.email(), WRONG, null).status()).isEqualTo(401);
    assertThat(login("127.0.4.7", doctor.email(), WRONG, null).status()).isEqualTo(429);
    // The owner's first try, from their own address, gets in.
    assertThat(login("127.0.4.8", doctor.email(), PASSWORD, null).status()).isEqualTo(200);
  }

  /**
   * A sign-in from a chosen loopback source address (java.net.http cannot bind one on Java 17),
   * over HTTP/1.0 so that the body is not chunked.
   */
  private Raw login(String from, String email, String password, Map<String, String> proof) {
    Map<String, Object> json = new HashMap<>(Map.of("email", email, "password", password));
    if (proof != null) {
      json.put("proof", proof);
    }
    byte[] body = AppApi.JSON.writeValueAsBytes(json);
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/auth/login HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String[] response =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n", 2);
      String[] lines = response[0].split("\r\n");
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String[] header = lines[i].split(":", 2);
        headers.put(header[0].strip().toLowerCase(Locale.ROOT), header[1].strip());
      }
      return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, response[1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
