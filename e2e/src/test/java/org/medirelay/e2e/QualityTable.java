package org.medirelay.e2e;

import java.io.PrintStream;
import java.util.Locale;
import org.medirelay.testkit.CallWindow;

/** {@link QualityBench}'s output: one row per profile and SFU, both directions side by side. */
final class QualityTable {

  private static final String PROFILE = "%-15s %-9s %-40s";
  private static final String SIDE = " | %5s %-8s %3s %6s %6s %6s %7s";
  private static final String SENDERS = " | %7s %7s %-9s";

  private final PrintStream out;

  QualityTable(PrintStream out) {
    this.out = out;
  }

  void header() {
    String blank = String.format(Locale.ROOT, PROFILE, "", "", "");
    out.println(
        blank
            + String.format(Locale.ROOT, " | %-46s", "patient receives the doctor's camera")
            + String.format(Locale.ROOT, " | %-46s", "doctor receives the patient's camera")
            + String.format(Locale.ROOT, " | %-25s", "doctor sends")
            + String.format(Locale.ROOT, " | %-25s", "patient sends"));
    String side =
        String.format(
            Locale.ROOT, SIDE, "fps", "res", "frz", "frz s", "conc%", "kbit/s", "recover");
    String senders = String.format(Locale.ROOT, SENDERS, "kbit/s", "target", "limit");
    out.println(
        String.format(Locale.ROOT, PROFILE, "profile", "sfu", "link (patient's)")
            + side
            + side
            + senders
            + senders);
    out.flush();
  }

  void row(QualityProfile profile, String sfu, QualityBench.Result result) {
    out.println(
        String.format(Locale.ROOT, PROFILE, profile.name(), sfu, profile.link())
            + side(result.patient(), result.patientRecovery())
            + side(result.doctor(), result.doctorRecovery())
            + senders(result.doctor())
            + senders(result.patient()));
    out.flush();
  }

  void failed(QualityProfile profile, String sfu, Throwable error) {
    String message = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
    out.println(
        String.format(Locale.ROOT, PROFILE, profile.name(), sfu, profile.link())
            + " | failed: "
            + error.getClass().getSimpleName()
            + ": "
            + message);
    out.flush();
  }

  private static String side(CallWindow w, QualityBench.Recovery recovery) {
    return String.format(
        Locale.ROOT,
        SIDE,
        String.format(Locale.ROOT, "%.1f", w.framesPerSecond()),
        w.resolution(),
        w.freezes(),
        String.format(Locale.ROOT, "%.1f", w.freezeSeconds()),
        Double.isNaN(w.concealment())
            ? "-"
            : String.format(Locale.ROOT, "%.1f", w.concealment() * 100),
        String.format(Locale.ROOT, "%.0f", w.videoKbps()),
        recovery(recovery));
  }

  private static String senders(CallWindow w) {
    return String.format(
        Locale.ROOT,
        SENDERS,
        String.format(Locale.ROOT, "%.0f", w.sentVideoKbps()),
        Double.isNaN(w.targetKbps()) ? "-" : String.format(Locale.ROOT, "%.0f", w.targetKbps()),
        w.limitation().isEmpty() ? "-" : w.limitation());
  }

  private static String recovery(QualityBench.Recovery recovery) {
    if (!recovery.applies()) {
      return "-";
    }
    return recovery
        .after()
        .map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0))
        .orElse(String.format(Locale.ROOT, ">%.0f s", recovery.measuredFor()));
  }
}
