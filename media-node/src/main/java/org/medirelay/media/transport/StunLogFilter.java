package org.medirelay.media.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps a peer's malformed STUN out of the log. ice4j decodes the STUN of a participant's address
 * on its own threads, and logs each message that breaks its decoder (an ERROR-CODE or
 * ICE-CONTROLLED attribute too short: "Unexpected Error!", SEVERE, NetAccessManager) or that it
 * refuses as invalid ("Received an invalid request.", StunStack), with a stack trace, once per
 * packet: any holder of a join link could fill the disk and drown every other message. On those two
 * loggers, this filter counts such records instead ({@code medirelay_media_stun_malformed_total})
 * and writes one line of its own per {@link #INTERVAL}: how many since the last line, and the
 * latest cause. Every other record passes. The records' own times are the clock.
 */
public final class StunLogFilter implements Filter {

  static final Duration INTERVAL = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(StunLogFilter.class.getName());

  /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its filter. */
  private static final Logger[] ICE4J = {
    Logger.getLogger("org.ice4j.stack.NetAccessManager"),
    Logger.getLogger("org.ice4j.stack.StunStack")
  };

  /** What ice4j says about a peer's message it cannot decode or refuses (ice4j 3.2). */
  private static final Set<String> ABOUT_A_PEERS_MESSAGE =
      Set.of(
          "Unexpected Error!", "Failed to decode a stun message!", "Received an invalid request.");

  private final Runnable count;
  private final Consumer<String> summary;
  private Instant lastSummary;
  private long since;

  /**
   * @param count called for each malformed message
   * @param summary where the line per interval goes
   */
  StunLogFilter(Runnable count, Consumer<String> summary) {
    this.count = count;
    this.summary = summary;
  }

  /**
   * Filters ice4j's STUN loggers, counting into {@code count}. ice4j's loggers belong to the
   * process, as its other settings do (see IceUdpPort): the node installed last counts.
   */
  public static void install(Runnable count) {
    StunLogFilter filter = new StunLogFilter(count, LOG::warning);
    for (Logger logger : ICE4J) {
      logger.setFilter(filter);
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (!ABOUT_A_PEERS_MESSAGE.contains(record.getMessage())) {
      return true;
    }
    count.run();
    String line = null;
    synchronized (this) {
      since++;
      Instant now = record.getInstant();
      if (lastSummary == null || !now.isBefore(lastSummary.plus(INTERVAL))) {
        line =
            since
                + " malformed STUN message(s) from peers since the last report, dropped (counted in"
                + " medirelay_media_stun_malformed_total); the latest: "
                + (record.getThrown() == null ? record.getMessage() : record.getThrown());
        lastSummary = now;
        since = 0;
      }
    }
    if (line != null) {
      summary.accept(line);
    }
    return false;
  }
}
