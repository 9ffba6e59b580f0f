package org.medirelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.AppApi;

/**
 * The app as an operator runs it: a separate JVM configured only by environment variables, over the
 * embedded store. Data written just before a {@code kill -9} is there after a restart, and so are
 * the join-token key and the dev-mode accounts. Without INTERNAL_SECRET the integration API says it
 * is disabled. The data folder the app creates is its owner's only, and an install whose folder
 * others could read is restricted at the next start.
 */
class RestartTest {

  private static final Pattern LISTENING =
      Pattern.compile("MediRelay app listening on port (\\d+)");
  private static final String PASSWORD = "correct horse battery";

  @TempDir Path parent;

  /** A running app process and everything it printed. */
  private static final class App implements AutoCloseable {
    final Process process;
    final StringBuffer output = new StringBuffer();
    final int port;

    App(Path dataDir) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
              java,
              "-XX:TieredStopAtLevel=1",
              "-Xshare:auto",
              "-cp",
              System.getProperty("java.class.path"),
              "org.medirelay.MediRelayApplication");
      Map<String, String> env = builder.environment();
      env.remove("INTERNAL_SECRET");
      env.remove("MONGO_URI");
      env.put("DATA_DIR", dataDir.toString());
      env.put("PORT", "0");
      env.put("MEDIRELAY_DEV", "true");
      env.put("JOIN_TOKEN_TTL", "120");
      builder.redirectErrorStream(true);
      process = builder.start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                      port.complete(Integer.parseInt(m.group(1)));
                    }
                  }
                } catch (IOException e) {
                  // the process went away
                }
                port.completeExceptionally(new IllegalStateException("the app exited:\n" + output));
              });
      reader.setDaemon(true);
      reader.start();
      this.port = port.get(90, TimeUnit.SECONDS);
    }

    void kill9() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  @Test
  void dataKeysAndDemoAccountsSurviveKillNine() throws Exception {
    Path dataDir = parent.resolve("data");
    String patientEmail = "p-" + UUID.randomUUID() + "@test.medirelay";
    String appointmentId;
    String jwks;
    Properties demo = new Properties();
    try (App first = new App(dataDir)) {
      AppApi api = new AppApi(first.port);
      // Doctors do not sign up: the demo doctor of development mode is the one to use.
      demo.load(Files.newBufferedReader(dataDir.resolve("dev-accounts.properties")));
      String doctor = token(api, "doctor@demo.medirelay.local", demo.getProperty("doctor"));
      String doctorId = api.get("/api/users/profile", doctor).json().get("id").asString();
      register(api, "patient", patientEmail);
      String patient = token(api, patientEmail);
      Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(30, ChronoUnit.HOURS);
      api.publishSlots(doctorId, doctor, start, start.plus(1, ChronoUnit.HOURS), 30);
      appointmentId =
          api.post(
                  "/api/appointments",
                  Map.of("doctorId", doctorId, "start", start.toString()),
                  patient)
              .json()
              .get("id")
              .asString();
      assertThat(
              api.put(
                      "/api/appointments/" + appointmentId + "/status",
                      Map.of("status", "confirmed"),
                      doctor)
                  .status())
          .isEqualTo(200);
      jwks = api.get("/.well-known/jwks.json").body();
      // The last write was the status change, just now: kill without any chance to flush.
      first.kill9();
      assertThat(first.output).contains("INTERNAL_SECRET is not set");
      assertThat(first.output).doesNotContain("readable by other accounts");
    }
    assertThat(modes(dataDir)).containsOnly("rwx------", "rw-------");

    // As an older version left it: the folder and its files open to every account.
    for (Path entry : entries(dataDir)) {
      Files.setPosixFilePermissions(
          entry,
          PosixFilePermissions.fromString(Files.isDirectory(entry) ? "rwxr-xr-x" : "rw-r--r--"));
    }

    try (App second = new App(dataDir)) {
      assertThat(modes(dataDir)).containsOnly("rwx------", "rw-------");
      assertThat(second.output.toString().split("readable by other accounts", -1)).hasSize(2);
      AppApi api = new AppApi(second.port);
      String patient = token(api, patientEmail);
      AppApi.Response appointment = api.get("/api/appointments/" + appointmentId, patient);
      assertThat(appointment.status()).isEqualTo(200);
      assertThat(appointment.json().get("status").asString()).isEqualTo("confirmed");
      assertThat(api.get("/.well-known/jwks.json").body()).isEqualTo(jwks);
      assertThat(
              api.post("/api/appointments/" + appointmentId + "/session", "", patient)
                  .json()
                  .get("expiresIn")
                  .asLong())
          .isEqualTo(120);

      // Dev mode: the API documentation is open to anyone.
      assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
      assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);

      // Dev mode: the same generated passwords, printed again, sign in.
      assertThat(second.output).contains(demo.getProperty("doctor"));
      for (String role : List.of("doctor", "patient", "admin")) {
        AppApi.Response login =
            api.post(
                "/api/auth/login",
                Map.of("email", role + "@demo.medirelay.local", "password", demo.getProperty(role)),
                (String) null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("user").get("role").asString()).isEqualTo(role);
      }

      // Registration is capped per address (10 an hour by default), counted in the store: the
      // registration made before the kill counts too.
      for (int i = 0; i < 9; i++) {
        register(api, "patient");
      }
      AppApi.Response capped =
          api.post(
              "/api/auth/register",
              Map.of(
                  "name",
                  "One too many",
                  "email",
                  "x-" + UUID.randomUUID() + "@test.medirelay",
                  "password",
                  PASSWORD,
                  "role",
                  "patient"),
              (String) null);
      assertThat(capped.status()).isEqualTo(429);
      assertThat(Long.parseLong(capped.header("Retry-After"))).isBetween(3000L, 3600L);

      AppApi.Response disabled =
          api.post(
              "/sessions",
              Map.of("appointmentId", "a", "doctorId", "d", "patientId", "p"),
              Map.of("X-Internal-Secret", ""));
      assertThat(disabled.status()).isEqualTo(503);
      assertThat(disabled.json().get("detail").asString()).contains("INTERNAL_SECRET");
    }
  }

  private static List<Path> entries(Path folder) throws IOException {
    try (Stream<Path> tree = Files.walk(folder)) {
      return tree.toList();
    }
  }

  /** The permissions of a folder and of everything in it, as {@code ls -l} shows them. */
  private static Set<String> modes(Path folder) throws IOException {
    Set<String> modes = new TreeSet<>();
    for (Path entry : entries(folder)) {
      modes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)));
    }
    return modes;
  }

  private static String register(AppApi api, String role) {
    return register(api, role, role + "-" + UUID.randomUUID() + "@test.medirelay");
  }

  private static String register(AppApi api, String role, String email) {
    api.post(
            "/api/auth/register",
            Map.of("name", "R " + role, "email", email, "password", PASSWORD, "role", role),
            (String) null)
        .expect(202);
    return email;
  }

  private static String token(AppApi api, String email) {
    return token(api, email, PASSWORD);
  }

  private static String token(AppApi api, String email, String password) {
    return api.login(email, password).get("token").asString();
  }
}
