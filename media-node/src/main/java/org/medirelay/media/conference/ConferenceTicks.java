package org.medirelay.media.conference;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.media.pipeline.NanoClock;

/**
 * The work the node does on a timer over every call: receiver reports to the publishers, the active
 * speaker, and (when the node adapts) each receiver's layers. A failure for one participant or call
 * is logged and the rest go on.
 */
public final class ConferenceTicks {

  private static final Logger LOG = Logger.getLogger(ConferenceTicks.class.getName());

  private final Conferences conferences;
  private final NanoClock clock;

  public ConferenceTicks(Conferences conferences, NanoClock clock) {
    this.conferences = conferences;
    this.clock = clock;
  }

  /** Sends every publisher its receiver report; called once a second. */
  public void sendReceiverReports() {
    long now = clock.nanos();
    for (Conference conference : conferences.all()) {
      conference.forEach(
          p -> {
            try {
              p.sendReceiverReport(now);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "receiver report for " + p.id() + " failed", e);
            }
          });
    }
  }

  /** Judges who speaks in every conference; called every {@code ActiveSpeaker.WINDOW}. */
  public void updateActiveSpeakers() {
    for (Conference conference : conferences.all()) {
      try {
        conference.updateActiveSpeaker();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "active speaker of " + conference.sessionId() + " failed", e);
      }
    }
  }

  /**
   * Fits what each participant receives to its link (when the node adapts): a few times a second,
   * after the active speaker, whose video is served first.
   */
  public void allocateLayers() {
    long now = clock.nanos();
    for (Conference conference : conferences.all()) {
      String speaker = conference.activeSpeaker().current();
      conference.forEach(
          participant -> {
            LinkAdaptation adaptation = participant.adaptation();
            if (adaptation == null) {
              return;
            }
            try {
              adaptation.allocate(speaker, now);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "layers for " + participant.id() + " failed", e);
            }
          });
    }
  }
}
