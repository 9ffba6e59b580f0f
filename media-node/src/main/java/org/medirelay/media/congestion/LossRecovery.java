package org.medirelay.media.congestion;

/**
 * Notices a link getting better on its own: packets that were being lost steadily stop being lost.
 * A receiver held on a low layer sends too little to show a link's new room any other way, and
 * waiting for the next probe after a run of failed ones would keep it there for seconds; a recovery
 * lets the next probe go at once.
 *
 * <p>A recovery is a clean run (packets in a row that arrived) after at least {@link #LOSSY} losses
 * with no clean run between them, so long that the loss rate seen since the last clean run would
 * give it by chance less than once in a thousand tries (at 3 % loss, 227 packets; never fewer than
 * {@link #MIN_RUN} nor more than {@link #MAX_RUN}). A link with a rare loss never has {@link
 * #LOSSY} of them between clean runs. A link that drops in bursts (a full queue) looks like heavy
 * loss, hence the floor of {@link #MIN_RUN}, two seconds or more at a low layer's packet rate.
 * Packets sent during a probe are not counted by the caller: the losses a probe causes on a full
 * link say nothing of the link changing.
 */
final class LossRecovery {

  static final int LOSSY = 3;
  static final int MIN_RUN = 200;
  static final int MAX_RUN = 400;

  /** Chance of a clean run by luck that is taken as a change of the link. */
  private static final double CHANCE = 0.001;

  private int packets;
  private int losses;
  private int run;
  private int needed = MIN_RUN;
  private long recoveries;

  void add(boolean arrived) {
    packets++;
    if (!arrived) {
      losses++;
      run = 0;
      // (1 - loss)^run < CHANCE
      double loss = (double) losses / packets;
      needed = (int) Math.max(MIN_RUN, Math.min(MAX_RUN, Math.log(CHANCE) / Math.log1p(-loss)));
      return;
    }
    run++;
    if (run == needed) {
      if (losses >= LOSSY) {
        recoveries++;
      }
      losses = 0;
      packets = 0;
    }
  }

  /** How many recoveries were seen so far: a change means the link got better. */
  long recoveries() {
    return recoveries;
  }
}
