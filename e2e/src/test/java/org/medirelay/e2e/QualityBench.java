package org.medirelay.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.testkit.CallStats;
import org.medirelay.testkit.CallWindow;
import org.medirelay.testkit.Folders;
import org.opentest4j.TestAbortedException;

/**
 * The media-quality benchmark ({@code bench/quality/run.sh}): plays each {@link QualityProfile} on
 * the patient's link during a two-person consult ({@link ShapedCall}) and prints one row per
 * profile: what the patient receives of the doctor's camera, and what the doctor receives of the
 * patient's. Each profile is a new session with new browsers; its conditions are set before the
 * patient joins, and the measurement starts {@code --warmup} seconds after both pages are active.
 *
 * <p>Options: {@code --profiles=a,b} (names as {@code --list} prints them; default all), {@code
 * --seconds=N} (each profile's length, default 30; the step profile takes 1.25 times as long),
 * {@code --warmup=N} (default 5), {@code --sfu=medirelay|janus|both} (default medirelay): through
 * the media node on MediRelay's call page, through Janus VideoRoom ({@link JanusRoom}) on
 * bench/quality's page, or each profile through one and then the other.
 */
public final class QualityBench {

  private static final Duration RECOVERY_HOLD = Duration.ofSeconds(3);

  /**
   * Selenium warns at every browser that it has no DevTools bindings for this Chromium; not used.
   */
  private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

  private QualityBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = 30;
    double warmup = 5;
    List<String> names = List.of();
    List<String> sfus = List.of("medirelay");
    for (String arg : args) {
      if (arg.startsWith("--seconds=")) {
        seconds = Double.parseDouble(arg.substring("--seconds=".length()));
      } else if (arg.startsWith("--warmup=")) {
        warmup = Double.parseDouble(arg.substring("--warmup=".length()));
      } else if (arg.startsWith("--sfu=")) {
        String sfu = arg.substring("--sfu=".length());
        sfus = sfu.equals("both") ? List.of("medirelay", "janus") : List.of(sfu);
        if (!List.of("medirelay", "janus").containsAll(sfus)) {
          System.err.println("--sfu must be medirelay, janus or both");
          System.exit(2);
        }
      } else if (arg.startsWith("--profiles=")) {
        names = Arrays.asList(arg.substring("--profiles=".length()).split(","));
      } else if (arg.equals("--list")) {
        QualityProfile.standard(seconds)
            .forEach(p -> System.out.println(p.name() + ": " + p.link()));
        return;
      } else {
        System.err.println("unknown option " + arg + "; see bench/quality/README.md");
        System.exit(2);
      }
    }
    List<QualityProfile> profiles = select(QualityProfile.standard(seconds), names);
    SELENIUM.setLevel(Level.SEVERE);
    Path work = Files.createTempDirectory("mr-quality");
    AtomicReference<ShapedCall> running = new AtomicReference<>();
    AtomicReference<JanusRoom> janus = new AtomicReference<>();
    AtomicReference<ShapedCall.Consult> consult = new AtomicReference<>();
    // Ctrl-C: quit the browsers, stop the servers, remove the link's shaping and the namespace.
    Thread cleanup = new Thread(() -> stop(consult, running, janus));
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean failed = false;
    try {
      System.out.printf(
          Locale.ROOT,
          "%d cores, load %s; %s s per profile after %s s warm-up; servers' logs in %s%n",
          Runtime.getRuntime().availableProcessors(),
          load(),
          seconds,
          warmup,
          work);
      running.set(ShapedCall.start(work));
      if (sfus.contains("janus")) {
        janus.set(JanusRoom.start(running.get().hostAddress()));
        System.out.println("Janus " + janus.get().version + " VideoRoom, simulcast on");
      }
      QualityTable table = new QualityTable(System.out);
      table.header();
      for (QualityProfile profile : profiles) {
        for (String sfu : sfus) {
          try {
            ShapedCall call = running.get();
            Callable<ShapedCall.Consult> opener =
                sfu.equals("janus")
                    ? () ->
                        call.open(
                            janus.get().page("Dr. Ada Osei"),
                            janus.get().page("Sam On-A-Slow-Link"),
                            false)
                    : call::join;
            table.row(profile, sfu, measure(call, profile, warmup, consult, opener));
          } catch (Exception | AssertionError e) {
            failed = true;
            table.failed(profile, sfu, e);
            e.printStackTrace();
          } finally {
            ShapedCall.Consult done = consult.getAndSet(null);
            if (done != null) {
              done.close();
            }
          }
        }
      }
      System.out.printf(Locale.ROOT, "load at the end: %s%n", load());
    } catch (TestAbortedException e) {
      System.err.println("cannot run: " + e.getMessage());
      failed = true;
    } finally {
      stop(consult, running, janus);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    if (failed) {
      System.err.println("servers' logs kept in " + work);
      System.exit(1);
    }
    Folders.deleteQuietly(work);
  }

  /** The figures of one profile: both directions over the whole measurement, and recovery. */
  record Result(
      CallWindow patient, CallWindow doctor, Recovery patientRecovery, Recovery doctorRecovery) {}

  /** How long the received video took to recover after the lift, if the profile has one. */
  record Recovery(boolean applies, Optional<Duration> after, double measuredFor) {
    static final Recovery NONE = new Recovery(false, Optional.empty(), 0);
  }

  private static Result measure(
      ShapedCall call,
      QualityProfile profile,
      double warmup,
      AtomicReference<ShapedCall.Consult> current,
      Callable<ShapedCall.Consult> opener)
      throws Exception {
    apply(call, profile.steps().get(0));
    ShapedCall.Consult consult = opener.call();
    current.set(consult);
    long start = System.currentTimeMillis() + Math.round(warmup * 1000);
    for (QualityProfile.Step step : profile.steps().subList(1, profile.steps().size())) {
      sleepUntil(start + Math.round(step.atSeconds() * 1000));
      apply(call, step);
    }
    long end = start + Math.round(profile.seconds() * 1000);
    sleepUntil(end);
    consult.collect();
    CallStats patient = consult.patient.stats();
    CallStats doctor = consult.doctor.stats();
    return new Result(
        patient.window(start, end),
        doctor.window(start, end),
        recovery(patient, profile, start, end),
        recovery(doctor, profile, start, end));
  }

  /**
   * Back to the resolution the video had just before the drop, at no less than 80 % of the frame
   * rate it had before the drop, for {@link #RECOVERY_HOLD}.
   */
  private static Recovery recovery(CallStats stats, QualityProfile profile, long start, long end) {
    if (profile.liftAt().isEmpty() || profile.dropAt().isEmpty()) {
      return Recovery.NONE;
    }
    long dropAt = start + Math.round(profile.dropAt().getAsDouble() * 1000);
    long liftAt = start + Math.round(profile.liftAt().getAsDouble() * 1000);
    CallWindow before = stats.window(start, dropAt);
    return new Recovery(
        true,
        stats.recovery(
            liftAt, before.height(), Math.max(1, 0.8 * before.framesPerSecond()), RECOVERY_HOLD),
        (end - liftAt) / 1000.0);
  }

  private static void apply(ShapedCall call, QualityProfile.Step step) {
    call.link().downlink(step.downlink()).uplink(step.uplink());
  }

  private static List<QualityProfile> select(List<QualityProfile> all, List<String> names) {
    if (names.isEmpty()) {
      return all;
    }
    List<QualityProfile> selected = new ArrayList<>();
    for (String name : names) {
      selected.add(
          all.stream()
              .filter(p -> p.name().equals(name.strip()))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no profile " + name + "; --list")));
    }
    return selected;
  }

  private static void stop(
      AtomicReference<ShapedCall.Consult> consult,
      AtomicReference<ShapedCall> running,
      AtomicReference<JanusRoom> janus) {
    ShapedCall.Consult browsers = consult.getAndSet(null);
    ShapedCall call = running.getAndSet(null);
    JanusRoom room = janus.getAndSet(null);
    try {
      if (browsers != null) {
        browsers.close();
      }
    } catch (RuntimeException e) {
      System.err.println("quitting the browsers: " + e);
    } finally {
      if (room != null) {
        try {
          room.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (call != null) {
        try {
          call.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
