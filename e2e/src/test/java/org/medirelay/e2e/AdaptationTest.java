package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.CallSample;
import org.medirelay.testkit.CallWindow;
import org.medirelay.testkit.LinkConditions;

/**
 * The node adapts what a patient on a weak downlink receives, measured in two Chromium browsers on
 * a shaped link (issue 11's case): first on the open link, where the patient sees the doctor
 * smoothly and the node's estimate of the patient's downlink exceeds what it sends; then with the
 * downlink capped to 350 kbit/s with 3 % random loss for 40 s, then lifted. With adaptation (the
 * default) the patient keeps a moving picture at a low layer, the node's estimate comes down to
 * about the cap, and the doctor still gets the patient's best layer; the same consult on a node
 * with {@code MEDIA_ADAPTATION=off} is measured too, for less time. Both are printed, with freezes,
 * audio concealment and the time the top layer takes to come back after the cap lifts.
 */
class AdaptationTest {

  private static final LinkConditions WEAK = LinkConditions.cap(350).withLoss(0.03);
  private static final Duration CAPPED = Duration.ofSeconds(40);

  /** Without adaptation the picture stands still within seconds: 12 s show it. */
  private static final Duration CAPPED_WITHOUT_ADAPTATION = Duration.ofSeconds(12);

  private static final Duration OPEN = Duration.ofSeconds(6);

  /** How long the test watches for the top layer after the cap lifts (the issue asks 10 s). */
  private static final Duration RECOVERY_WATCHED = Duration.ofSeconds(15);

  // The issue's targets for the patient under the cap, and for the top layer's return.
  private static final double MIN_FPS = 12;
  private static final long MAX_FREEZES = 2;
  private static final double MAX_CONCEALED = 0.03;
  private static final Duration RECOVERY_TARGET = Duration.ofSeconds(10);

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  /**
   * What one consult showed: on the open link, under the cap (with the node's estimate of the
   * patient's downlink at the end of each), and how long the top layer took to come back.
   */
  private record Outcome(
      CallWindow open,
      long openEstimateKbps,
      long cappedEstimateKbps,
      CallWindow patient,
      CallWindow doctor,
      int doctorSentHeight,
      int patientSentHeight,
      Optional<Duration> recovery,
      List<String> nodeLogCapped,
      List<String> nodeLogAfterLift) {}

  @Test
  void onA350kLossyDownlinkThePatientKeepsAMovingPictureAndClearSoundAndTheTopLayerComesBack()
      throws Exception {
    Outcome adapted;
    try (ShapedCall call = ShapedCall.start(work.resolve("adaptation-on"))) {
      adapted = weakDownlink(call, CAPPED, true);
    }
    Outcome plain;
    try (ShapedCall call =
        ShapedCall.start(work.resolve("adaptation-off"), Map.of("MEDIA_ADAPTATION", "off"))) {
      plain = weakDownlink(call, CAPPED_WITHOUT_ADAPTATION, false);
    }
    System.out.println("open link, the patient receives:");
    System.out.println(
        "  adaptation on:  "
            + adapted.open()
            + "; estimate "
            + adapted.openEstimateKbps()
            + " kbit/s");
    System.out.println("  adaptation off: " + plain.open());
    System.out.println(
        "350 kbit/s + 3 % loss (40 s with adaptation, 12 s without), the patient receives:");
    System.out.println(
        "  adaptation on:  "
            + adapted.patient()
            + "; estimate "
            + adapted.cappedEstimateKbps()
            + " kbit/s");
    System.out.println("  adaptation off: " + plain.patient());
    if (missesTheIssuesTargets(adapted.patient())) {
      System.out.println(
          "  short of the issue's targets; the node's log of the patient's downlink:");
      adapted.nodeLogCapped().forEach(line -> System.out.println("    " + line));
    }
    System.out.println("  the doctor receives (adaptation on): " + adapted.doctor());
    System.out.println(
        "  back at the doctor's top layer ("
            + adapted.doctorSentHeight()
            + " lines) after the cap lifts: "
            + adapted.recovery().map(d -> d.toMillis() / 1000.0 + " s").orElse("never"));
    if (adapted.recovery().filter(d -> d.compareTo(RECOVERY_TARGET) <= 0).isEmpty()) {
      System.out.println(
          "  slower than "
              + RECOVERY_TARGET.toSeconds()
              + " s; the node's log of the patient's downlink after the lift:");
      adapted.nodeLogAfterLift().forEach(line -> System.out.println("    " + line));
    }

    // The issue's targets: at least 12 fps, at most 2 freezes, at most 3 % of the audio concealed,
    // the top layer back within 10 s of the lift (quiet machine, session 14: 19.7-20.0 fps, 0-1
    // freezes, 0.0-0.4 %, back in 4.4-6.7 s; once 12.4 s, before a layer's rate was the mean of
    // three seconds and a keyframe could turn a climb back). The adapted patient keeps a moving
    // picture where the plain one sees stills, and the doctor keeps the patient's best.
    CallWindow open = adapted.open();
    assertThat(open.framesPerSecond())
        .as("frames the patient decodes per second on an open link: %s", open)
        .isGreaterThanOrEqualTo(15);
    // On a loaded 2-core machine the decoder stalls now and then for a few hundred milliseconds,
    // which Chromium counts as freezes.
    assertThat(open.freezeSeconds())
        .as("time the patient's video froze on an open link: %s", open)
        .isLessThan(open.seconds() / 5);
    assertThat((double) adapted.openEstimateKbps())
        .as("the node's estimate of the open link, kbit/s, against what arrives: %s", open)
        .isGreaterThan(open.videoKbps());
    // Read once, at the window's end: a back-off for the 3 % loss can hold it at half the cap for a
    // moment (151 kbit/s in one run of eight).
    assertThat(adapted.cappedEstimateKbps())
        .as("the node's estimate of the patient's 350 kbit/s lossy downlink, kbit/s")
        .isBetween(100L, 500L);
    CallWindow patient = adapted.patient();
    assertThat(patient.framesPerSecond())
        .as("the patient's frames per second with adaptation: %s", patient)
        .isGreaterThanOrEqualTo(MIN_FPS);
    assertThat(patient.freezes())
        .as("the patient's freezes with adaptation: %s", patient)
        .isLessThanOrEqualTo(MAX_FREEZES);
    assertThat(patient.concealment())
        .as("the patient's audio concealed with adaptation: %s", patient)
        .isLessThanOrEqualTo(MAX_CONCEALED);
    assertThat(patient.framesPerSecond())
        .as("adaptation on against off: %s\n%s", patient, plain.patient())
        .isGreaterThan(3 * plain.patient().framesPerSecond());
    assertThat(adapted.recovery())
        .as("the doctor's top layer back within 10 s of the cap lifting (watched for 15 s)")
        .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(RECOVERY_TARGET));
    assertThat(adapted.doctor().height())
        .as("the doctor gets the patient's top layer: %s", adapted.doctor())
        .isGreaterThanOrEqualTo(adapted.patientSentHeight());
  }

  /** Below the issue's frame rate, over its freezes or over its audio concealed. */
  private static boolean missesTheIssuesTargets(CallWindow patient) {
    return patient.framesPerSecond() < MIN_FPS
        || patient.freezes() > MAX_FREEZES
        || !(patient.concealment() <= MAX_CONCEALED);
  }

  /**
   * A consult joined and watched over an open link; then the patient's downlink is made weak for
   * {@code capped} (after a few seconds for the call to settle into it), and, when {@code lift},
   * opened again and watched until the patient decodes the doctor's top layer, for at most {@link
   * #RECOVERY_WATCHED}.
   */
  private static Outcome weakDownlink(ShapedCall call, Duration capped, boolean lift)
      throws Exception {
    try (ShapedCall.Consult consult = call.join()) {
      consult.awaitFlowing();
      CallWindow open = consult.recordFor(OPEN).patient();
      long openEstimate = call.patientDownlinkEstimateKbps(consult);
      int loggedBeforeCap = call.patientDownlinkLog(consult).size();
      call.link().downlink(WEAK);
      long cappedAt = System.currentTimeMillis();
      Thread.sleep(5_000);
      ShapedCall.Received received = consult.recordFor(capped);
      printFreezes(consult.patient.stats().samples(), cappedAt);
      long cappedEstimate = call.patientDownlinkEstimateKbps(consult);
      List<String> cappedLog = call.patientDownlinkLog(consult);
      cappedLog = cappedLog.subList(loggedBeforeCap, cappedLog.size());
      // Each browser's largest layer as it sends it now (a loaded machine may have dropped one).
      int top = lastSample(consult.doctor.stats().samples()).videoOut().height();
      int patientTop = lastSample(consult.patient.stats().samples()).videoOut().height();
      Optional<Duration> recovery = Optional.empty();
      List<String> afterLift = List.of();
      if (lift) {
        int logged = call.patientDownlinkLog(consult).size();
        long liftedAt = System.currentTimeMillis();
        call.link().clear();
        while (recovery.isEmpty()
            && System.currentTimeMillis() - liftedAt < RECOVERY_WATCHED.toMillis()) {
          consult.collect();
          recovery = consult.patient.stats().recovery(liftedAt, top, 10, Duration.ofSeconds(2));
        }
        List<String> log = call.patientDownlinkLog(consult);
        afterLift = log.subList(logged, log.size());
      }
      return new Outcome(
          open,
          openEstimate,
          cappedEstimate,
          received.patient(),
          received.doctor(),
          top,
          patientTop,
          recovery,
          cappedLog,
          afterLift);
    } finally {
      call.link().clear();
    }
  }

  /**
   * When the patient's freezes began, in seconds after the cap was set, with the height decoded
   * then: what to look at when a run shows more than the issue's two.
   */
  private static void printFreezes(List<CallSample> samples, long cappedAt) {
    StringBuilder freezes = new StringBuilder();
    for (int i = 1; i < samples.size(); i++) {
      CallSample before = samples.get(i - 1);
      CallSample after = samples.get(i);
      if (after.atMillis() > cappedAt
          && after.videoIn().freezeCount() > before.videoIn().freezeCount()) {
        freezes.append(
            String.format(
                Locale.ROOT,
                " %.1f s (%d lines);",
                (after.atMillis() - cappedAt) / 1000.0,
                after.videoIn().height()));
      }
    }
    if (!freezes.isEmpty()) {
      System.out.println("  the patient's freezes after the cap was set, by sample:" + freezes);
    }
  }

  private static CallSample lastSample(List<CallSample> samples) {
    return samples.get(samples.size() - 1);
  }
}
