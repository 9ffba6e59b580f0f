package org.medirelay.e2e;

import java.util.List;
import java.util.OptionalDouble;
import org.medirelay.testkit.LinkConditions;

/**
 * A patient's link over the length of one measured consult, for {@link QualityBench}: the
 * conditions at the start (the patient joins over them) and the changes after. Times are seconds
 * from the start of the measurement.
 *
 * @param name what {@code --profiles=} selects it by
 * @param link how the table describes it
 * @param steps the conditions from {@code atSeconds} on; the first is at 0
 * @param seconds how long the measurement lasts
 * @param dropAt for a profile that drops and recovers: when the drop comes
 * @param liftAt for such a profile: when the conditions get better again, what the recovery time
 *     counts from
 */
record QualityProfile(
    String name,
    String link,
    List<QualityProfile.Step> steps,
    double seconds,
    OptionalDouble dropAt,
    OptionalDouble liftAt) {

  /** From {@code atSeconds} on, the patient's downlink and uplink are so. */
  record Step(double atSeconds, LinkConditions downlink, LinkConditions uplink) {}

  /**
   * The standard set, each measured for {@code seconds}: an open link; symmetric caps of 1 Mbit/s,
   * 500, 250 and 100 kbit/s; 3 % and 10 % random loss both ways; the case (the patient's
   * downlink capped to 350 kbit/s with 3 % loss, the uplink open); and a symmetric cap that drops
   * from 2 Mbit/s to 300 kbit/s for half the time and lifts again (a quarter before the drop, a
   * half after it: at 40 s, 10 s + 20 s + 20 s).
   */
  static List<QualityProfile> standard(double seconds) {
    double dropAt = seconds / 4;
    double liftAt = dropAt + seconds / 2;
    LinkConditions fast = LinkConditions.cap(2000);
    LinkConditions slow = LinkConditions.cap(300);
    return List.of(
        steady("unconstrained", LinkConditions.OPEN, seconds),
        steady("1mbit", LinkConditions.cap(1000), seconds),
        steady("500kbit", LinkConditions.cap(500), seconds),
        steady("250kbit", LinkConditions.cap(250), seconds),
        steady("100kbit", LinkConditions.cap(100), seconds),
        steady("loss3", LinkConditions.lossOf(0.03), seconds),
        steady("loss10", LinkConditions.lossOf(0.10), seconds),
        new QualityProfile(
            "down350k-loss3",
            "down " + LinkConditions.cap(350).withLoss(0.03) + ", up open",
            List.of(new Step(0, LinkConditions.cap(350).withLoss(0.03), LinkConditions.OPEN)),
            seconds,
            OptionalDouble.empty(),
            OptionalDouble.empty()),
        new QualityProfile(
            "step2m-300k",
            "2 Mbit/s, 300 kbit/s at " + Math.round(dropAt) + " s, back at " + Math.round(liftAt),
            List.of(
                new Step(0, fast, fast),
                new Step(dropAt, slow, slow),
                new Step(liftAt, fast, fast)),
            liftAt + seconds / 2,
            OptionalDouble.of(dropAt),
            OptionalDouble.of(liftAt)));
  }

  private static QualityProfile steady(String name, LinkConditions both, double seconds) {
    return new QualityProfile(
        name,
        both.toString() + (both == LinkConditions.OPEN ? "" : ", both ways"),
        List.of(new Step(0, both, both)),
        seconds,
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }
}
