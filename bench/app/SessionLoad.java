import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for session creation plus join-token issuance, through the integration API a clinic backend calls:
 * each unit of work is POST /sessions (a new appointment) then POST /sessions/{id}/join for the doctor and the patient.
 * Prints throughput, latency percentiles per request kind, and the app process's CPU time per unit (from
 * /proc/<pid>/stat, so the driver's own CPU does not count).
 *
 * <p>Usage: java SessionLoad.java <baseUrl> <internalSecret> <appPid> [threads] [units] [warmupUnits] [profile.jfr]
 *
 * <p>With a seventh argument, a Java Flight Recording of the app covers the measured units only (not start-up or
 * warm-up), started and stopped with jcmd; summarise it with TopFrames.java. Profiling costs the app some CPU, so
 * figures are compared between runs that both profile or both do not.
 */
public class SessionLoad {

  private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String secret = args[1];
    long pid = Long.parseLong(args[2]);
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int units = args.length > 4 ? Integer.parseInt(args[4]) : 4000;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
    String profile = args.length > 6 ? args[6] : null;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    run(client, base, secret, threads, warmup, new long[warmup], new long[warmup * 2]);

    long[] create = new long[units];
    long[] join = new long[units * 2];
    if (profile != null) {
      String file = "filename=" + Path.of(profile).toAbsolutePath();
      jcmd(pid, "JFR.start", "name=session-load", "settings=profile", file);
    }
    long cpuBefore = cpuTicks(pid);
    long jitBefore = compilerTicks(pid);
    long start = System.nanoTime();
    run(client, base, secret, threads, units, create, join);
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuTicks = cpuTicks(pid) - cpuBefore;
    double cpuMsPerUnit = cpuTicks * (1000.0 / clockTicksPerSecond()) / units;
    double jitMsPerUnit = (compilerTicks(pid) - jitBefore) * (1000.0 / clockTicksPerSecond()) / units;
    if (profile != null) {
      jcmd(pid, "JFR.stop", "name=session-load");
    }

    System.out.printf("units: %d (each: 1 session created + 2 join tokens), threads: %d, warm-up units: %d%n", units, threads, warmup);
    System.out.printf("wall: %.2f s, throughput: %.0f units/s (sessions created), %.0f join tokens/s, %.0f requests/s%n",
        seconds, units / seconds, 2 * units / seconds, 3 * units / seconds);
    System.out.printf(
        "app CPU: %.2f ms per unit (%.2f ms per request); without the JIT compiler threads: %.2f ms per unit%n",
        cpuMsPerUnit, cpuMsPerUnit / 3, cpuMsPerUnit - jitMsPerUnit);
    print("POST /sessions", create);
    print("POST /sessions/{id}/join", join);
  }

  private static void run(HttpClient client, String base, String secret, int threads, int units, long[] create, long[] join)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < units) {
                  String appointment = "bench-" + UUID.randomUUID();
                  long t0 = System.nanoTime();
                  String created =
                      post(client, base + "/sessions", secret,
                          "{\"appointmentId\":\"" + appointment + "\",\"doctorId\":\"doc-1\",\"patientId\":\"pat-1\"}", 201);
                  long t1 = System.nanoTime();
                  create[i] = t1 - t0;
                  Matcher m = SESSION_ID.matcher(created);
                  if (!m.find()) {
                    throw new IllegalStateException("no sessionId in " + created);
                  }
                  String joinUrl = base + "/sessions/" + m.group(1) + "/join";
                  post(client, joinUrl, secret, "{\"role\":\"doctor\",\"userId\":\"doc-1\"}", 200);
                  long t2 = System.nanoTime();
                  post(client, joinUrl, secret, "{\"role\":\"patient\",\"userId\":\"pat-1\"}", 200);
                  long t3 = System.nanoTime();
                  join[2 * i] = t2 - t1;
                  join[2 * i + 1] = t3 - t2;
                }
                return null;
              }));
    }
    try {
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      // A failed request ends the run: the other workers stop, so the driver exits instead of hanging.
      pool.shutdownNow();
    }
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
    }
  }

  private static String post(HttpClient client, String url, String secret, String json, int expected) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-Internal-Secret", secret)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void print(String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%-26s n=%-6d p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", name, sorted.length,
        pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * CPU ticks of the JIT compiler threads (C1, C2): code still being compiled after the warm-up, counted apart because
   * it depends on how long the warm-up was, not on the work per unit.
   */
  private static long compilerTicks(long pid) throws IOException {
    long ticks = 0;
    try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path thread : threads.toList()) {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.contains("CompilerThre")) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException threadEnded) {
          // A compiler thread that ended meanwhile: its ticks are gone from the count on both sides.
        }
      }
    }
    return ticks;
  }

  private static long clockTicksPerSecond() {
    // USER_HZ is 100 on every Linux architecture the JDK runs on.
    return 100;
  }
}
