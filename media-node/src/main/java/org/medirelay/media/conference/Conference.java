package org.medirelay.media.conference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;

/**
 * The participants of one video session and the forwarding between them. Membership and negotiation
 * changes take the conference lock; the packet path reads a volatile array snapshot and never
 * locks.
 */
public final class Conference {

  private final String sessionId;
  private final PacketPool pool;
  private final MediaContext media;
  private volatile Participant[] participants = new Participant[0];

  Conference(String sessionId, MediaContext media) {
    this.sessionId = sessionId;
    this.media = media;
    this.pool = media.pool();
  }

  public String sessionId() {
    return sessionId;
  }

  public int size() {
    return participants.length;
  }

  /**
   * Adds a participant: tells everyone, and sends the newcomer an offer with every stream already
   * published.
   */
  synchronized void add(Participant newcomer) {
    Participant[] current = participants;
    newcomer.peer().send(Messages.joined(newcomer, Arrays.asList(current)));
    for (Participant other : current) {
      other.peer().send(Messages.participantJoined(newcomer));
    }
    participants = append(current, newcomer);
    for (Participant publisher : current) {
      newcomer.addDownlinkSlots(publisher);
    }
    // One offer with everything already published: a late joiner sees everyone at once.
    newcomer.negotiate();
  }

  synchronized void remove(Participant leaver) {
    Participant[] current = participants;
    List<Participant> rest = new ArrayList<>();
    for (Participant p : current) {
      if (p != leaver) {
        rest.add(p);
      }
    }
    if (rest.size() == current.length) {
      return;
    }
    participants = rest.toArray(new Participant[0]);
    for (Participant other : rest) {
      other.peer().send(Messages.participantLeft(leaver));
      other.removeDownlink(leaver);
    }
  }

  /** A publisher's SSRCs became known (or changed): offer its streams to everyone else. */
  synchronized void publisherChanged(Participant publisher) {
    for (Participant other : participants) {
      other.addDownlink(publisher);
    }
  }

  /** A participant's SRTP keys are ready: get it a keyframe from every video stream it receives. */
  void transportReady(Participant subscriber) {
    for (Participant publisher : participants) {
      if (publisher != subscriber && subscriber.isSubscribedTo(publisher.videoSsrc())) {
        publisher.requestKeyframe();
      }
    }
  }

  void forEach(Consumer<Participant> action) {
    for (Participant p : participants) {
      action.accept(p);
    }
  }

  synchronized Participant find(String participantId) {
    for (Participant p : participants) {
      if (p.id().equals(participantId)) {
        return p;
      }
    }
    return null;
  }

  Participant publisherOf(long ssrc) {
    for (Participant p : participants) {
      if (p.publishes(ssrc)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Forwards a decrypted RTP packet to every other participant subscribed to its SSRC, each getting
   * its own copy (encrypted with its own keys). Takes ownership of {@code p}.
   */
  void route(Participant from, Packet p) {
    long ssrc = Rtp.ssrc(p);
    int copies = 0;
    for (Participant to : participants) {
      if (to != from && to.isSubscribedTo(ssrc)) {
        to.nacks().forwarded(p.getLength());
        to.sendRtp(pool.copyOf(p));
        copies++;
      }
    }
    p.release();
    if (copies > 0) {
      media.metrics().rtpForwarded.increment(copies);
    }
  }

  /**
   * Sends the sender-info part of a publisher's SR (report blocks removed) to the receivers of
   * {@code ssrc}.
   */
  void forwardSenderReport(Participant from, long ssrc, Packet compound, int at) {
    int length = RtcpTerminator.srWithoutBlocks();
    for (Participant to : participants) {
      if (to != from && to.isSubscribedTo(ssrc)) {
        Packet sr = pool.take().fill(compound.getBuffer(), compound.getOffset() + at, length);
        sr.putUint16(0, sr.uint16At(0) & 0xE0FF); // report count := 0
        sr.putUint16(2, length / 4 - 1);
        to.nacks().senderReportSent(sr.uint32At(10), compound.receivedNanos());
        to.sendRtcp(sr);
      }
    }
  }

  private static Participant[] append(Participant[] array, Participant p) {
    Participant[] bigger = Arrays.copyOf(array, array.length + 1);
    bigger[array.length] = p;
    return bigger;
  }
}
