package org.medirelay.media.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medirelay.media.packet.Packet;

/** The end of a path in a test: keeps a copy of the bytes of each packet and releases it. */
public final class Capture extends Consume {

  private final List<byte[]> packets = new ArrayList<>();

  public Capture(String name) {
    super(name);
  }

  @Override
  protected void consume(Packet p) {
    packets.add(Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength()));
    p.release();
  }

  /** What arrived so far, oldest first. */
  public List<byte[]> received() {
    return packets;
  }

  /** Takes what arrived so far. */
  public List<byte[]> take() {
    List<byte[]> taken = new ArrayList<>(packets);
    packets.clear();
    return taken;
  }
}
