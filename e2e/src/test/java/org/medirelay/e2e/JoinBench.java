package org.medirelay.e2e;

import static java.lang.Double.NaN;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.Folders;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The join-time benchmark ({@code bench/join/run.sh}): how long it takes from opening a join link
 * to being in the call, step by step, in Chromium on loopback against the app and a media node run
 * from their jars. Each round is a new appointment and session: the doctor opens the link first
 * (the node's call is created by that join) and is timed to {@code active}; then the patient, let
 * in directly (the doctor's per-appointment choice), joins the call in progress and is timed to the
 * first decoded frame of the doctor's camera. Each page passes the device check the moment its Join
 * button is enabled, so no human time is in the figures; the browser cache is cleared before each
 * link, as for a patient who opens a link once.
 *
 * <p>The steps come from {@code join-timing.js}, injected before the page's scripts: it times
 * getUserMedia, the WebSocket, the signaling messages, ICE and DTLS (the peer connection's states),
 * the page's {@code data-call-state} and the first video packet and frame. Options: {@code
 * --joins=N} rounds (default 10), {@code --warmup=N} unreported rounds first (default 2), {@code
 * --settle=S} seconds the doctor is in the call before the patient opens the link (default 2: a
 * call in progress, whose camera layers the node has measured).
 */
public final class JoinBench {

  private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");
  private static final String PASSWORD = "a long enough passphrase";
  private static final Duration STEP = Duration.ofSeconds(30);

  /**
   * How often the bench looks for the Join button: the wait until it sees it counts as join time.
   */
  private static final Duration POLL = Duration.ofMillis(10);

  /** The columns: a step's name in join-timing.js and the heading it prints under. */
  private static final Map<String, String> STEPS = new LinkedHashMap<>();

  static {
    STEPS.put("gotUserMedia", "camera");
    STEPS.put("wsOpen", "ws");
    STEPS.put("received:offer", "offer");
    STEPS.put("sent:answer", "answer");
    STEPS.put("ice:connected", "ice");
    STEPS.put("connection:connected", "dtls");
    STEPS.put("joinPressed", "join");
    STEPS.put("received:joined", "joined");
    STEPS.put("join/received:offer", "offer2");
    STEPS.put("join/sent:answer", "answer2");
    STEPS.put("state:active", "active");
    STEPS.put("firstVideoPacket", "rtp");
    STEPS.put("firstFrame", "frame");
  }

  private JoinBench() {}

  public static void main(String[] args) throws Exception {
    int joins = 10;
    int warmup = 2;
    double settle = 2;
    boolean keepLogs = false;
    for (String arg : args) {
      if (arg.equals("--keep-logs")) {
        keepLogs = true;
      } else if (arg.startsWith("--joins=")) {
        joins = Integer.parseInt(arg.substring("--joins=".length()));
      } else if (arg.startsWith("--settle=")) {
        settle = Double.parseDouble(arg.substring("--settle=".length()));
      } else if (arg.startsWith("--warmup=")) {
        warmup = Integer.parseInt(arg.substring("--warmup=".length()));
      } else {
        System.err.println("unknown option " + arg + "; see bench/join/README.md");
        System.exit(2);
      }
    }
    SELENIUM.setLevel(Level.SEVERE);
    String timing = resource("join-timing.js");
    Path work = Files.createTempDirectory("mr-join");
    List<ChromeDriver> browsers = new ArrayList<>();
    int code = 0;
    try (AppWithMediaNode servers =
        AppWithMediaNode.start(work, InetAddress.getLoopbackAddress(), Map.of())) {
      System.out.printf(
          Locale.ROOT,
          "%d cores, load %s; %d joins after %d warm-up, the patient %s s after the doctor; times in ms"
              + " since the link was opened%n",
          Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0],
          joins,
          warmup,
          settle);
      Clinic clinic = Clinic.open(servers, joins + warmup);
      ChromeDriver doctor = timed(Browsers.chromium(), timing, browsers);
      ChromeDriver patient = timed(Browsers.chromium(), timing, browsers);
      List<Map<String, Double>> first = new ArrayList<>();
      List<Map<String, Double>> inProgress = new ArrayList<>();
      for (int round = 0; round < joins + warmup; round++) {
        Clinic.Links links = clinic.consult(round);
        Map<String, Double> host = join(doctor, links.doctor(), "state:active");
        Thread.sleep((long) (settle * 1000));
        Map<String, Double> guest = join(patient, links.patient(), "firstFrame");
        if (round >= warmup) {
          first.add(host);
          inProgress.add(guest);
        }
        doctor.get("about:blank");
        patient.get("about:blank");
      }
      print("first join of a session (the doctor's), to active", first, "state:active");
      print(
          "joining a call in progress (the patient's), to the first frame",
          inProgress,
          "firstFrame");
    } catch (Exception | Error e) {
      e.printStackTrace();
      code = 1;
    } finally {
      browsers.forEach(ChromeDriver::quit);
      if (code == 0 && !keepLogs) {
        Folders.deleteQuietly(work);
      } else {
        System.err.println("servers' logs in " + work);
      }
    }
    System.exit(code);
  }

  private static ChromeDriver timed(ChromeDriver page, String timing, List<ChromeDriver> all) {
    all.add(page);
    page.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", timing));
    return page;
  }

  /**
   * Opens {@code link} with an empty cache, presses Join once the device check allows it, waits for
   * the step {@code until} and returns every step's time.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Double> join(ChromeDriver page, String link, String until) {
    page.executeCdpCommand("Network.clearBrowserCache", Map.of());
    page.get(link);
    By join = By.cssSelector("[data-action='join']");
    WebDriverWait wait = new WebDriverWait(page, STEP, POLL);
    WebElement button =
        wait.until(
            d ->
                d.findElements(join).stream()
                    .filter(WebElement::isEnabled)
                    .findFirst()
                    .orElse(null));
    button.click();
    JavascriptExecutor js = page;
    try {
      wait.until(d -> js.executeScript("return window.__joinTimes['" + until + "'] || null;"));
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no "
              + until
              + " within "
              + STEP.toSeconds()
              + " s; the page is "
              + Browsers.callState(page)
              + " ("
              + page.findElement(By.id("call-status")).getText()
              + "), its steps so far: "
              + js.executeScript("return JSON.stringify(window.__joinTimes);"),
          e);
    }
    Map<String, Object> raw =
        (Map<String, Object>)
            js.executeScript(
                "const n = performance.getEntriesByType('navigation')[0];"
                    + "return Object.assign({html: n.responseEnd, loaded: n.domContentLoadedEventEnd},"
                    + " window.__joinTimes);");
    Map<String, Double> times = new LinkedHashMap<>();
    raw.forEach((name, value) -> times.put(name, ((Number) value).doubleValue()));
    return times;
  }

  private static void print(String title, List<Map<String, Double>> rounds, String end) {
    List<String> columns = new ArrayList<>(List.of("html", "loaded"));
    columns.addAll(STEPS.keySet());
    int last = columns.indexOf(end);
    List<String> shown = columns.subList(0, last + 1);
    System.out.println();
    System.out.println(title + ":");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-8s", "round"));
    for (String column : shown) {
      head.append(String.format(Locale.ROOT, "%8s", STEPS.getOrDefault(column, column)));
    }
    System.out.println(
        head
            + String.format(Locale.ROOT, "%14s", "join→" + STEPS.get(end))
            + (end.equals("firstFrame") ? "  height" : ""));
    for (int i = 0; i < rounds.size(); i++) {
      System.out.println(row(String.valueOf(i + 1), rounds.get(i), shown, end));
    }
    Map<String, Double> median = new LinkedHashMap<>();
    for (String column : shown) {
      median.put(column, median(rounds, column));
    }
    median.put("firstFrameHeight", median(rounds, "firstFrameHeight"));
    median.put(
        "sinceJoin",
        median(
            rounds.stream()
                .map(
                    r ->
                        Map.of(
                            "x",
                            r.getOrDefault(end, Double.NaN)
                                - r.getOrDefault("joinPressed", Double.NaN)))
                .toList(),
            "x"));
    System.out.println(row("median", median, shown, end));
  }

  private static String row(
      String label, Map<String, Double> times, List<String> shown, String end) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", label));
    for (String column : shown) {
      line.append(String.format(Locale.ROOT, "%8.0f", times.getOrDefault(column, Double.NaN)));
    }
    double sinceJoin =
        times.containsKey("sinceJoin")
            ? times.get("sinceJoin")
            : times.getOrDefault(end, Double.NaN) - times.getOrDefault("joinPressed", Double.NaN);
    line.append(String.format(Locale.ROOT, "%14.0f", sinceJoin));
    if (end.equals("firstFrame")) {
      line.append(String.format(Locale.ROOT, "%8.0f", times.getOrDefault("firstFrameHeight", NaN)));
    }
    return line.toString();
  }

  private static double median(List<Map<String, Double>> rounds, String column) {
    double[] values =
        rounds.stream().mapToDouble(r -> r.getOrDefault(column, Double.NaN)).sorted().toArray();
    int n = values.length;
    return n == 0
        ? Double.NaN
        : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JoinBench.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A doctor and a patient with accounts, and a confirmed appointment of theirs for each round
   * whose patient the doctor lets in directly.
   */
  private record Clinic(
      AppWithMediaNode servers, String doctorId, String doctor, String patient, Instant firstSlot) {

    record Links(String doctor, String patient) {}

    static Clinic open(AppWithMediaNode servers, int rounds) {
      AppApi api = servers.api;
      JsonNode staff =
          api.createStaff(servers.adminToken, "Dr. Ada Osei", "ada@join.test", PASSWORD, "doctor");
      String doctor = staff.get("token").asString();
      String doctorId = staff.get("user").get("id").asString();
      String patient = api.signUp("Sam Patient", "sam@join.test", PASSWORD).get("token").asString();
      Instant first = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
      api.publishSlots(doctorId, doctor, first, first.plus(30L * rounds, ChronoUnit.MINUTES), 30)
          .expect(201);
      return new Clinic(servers, doctorId, doctor, patient, first);
    }

    Links consult(int round) {
      Instant start = firstSlot.plus(30L * round, ChronoUnit.MINUTES);
      String path =
          "/api/appointments/" + servers.confirmedAppointment(doctorId, doctor, patient, start);
      AppApi api = servers.api;
      api.put(path + "/session/admission", Map.of("patientEntersDirectly", true), doctor)
          .expect(200);
      String doctorLink =
          api.post(path + "/session", null, doctor).expect(201).get("joinUrl").asString();
      String patientLink =
          api.post(path + "/session", null, patient).expect(200).get("joinUrl").asString();
      return new Links(doctorLink, patientLink);
    }
  }
}
