package org.medirelay.media.pipeline;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.medirelay.media.packet.Packet;

/**
 * A stage that chooses the path a packet continues on, or discards it when no path takes it. The
 * branches are stages of their own, declared where the demultiplexer is.
 */
public abstract class Demux extends Stage {

  private final Counter unmatched;

  /**
   * @param unmatched the metric a packet no branch takes counts in; null when the stage's own count
   *     is enough
   */
  protected Demux(String name, Counter unmatched) {
    super(name);
    this.unmatched = unmatched;
  }

  /** The first stage of {@code p}'s branch, or null to discard it. Must not keep or release it. */
  protected abstract Stage select(Packet p);

  /** The branches by name, for {@link #describe}; off the packet path, so it may allocate. */
  protected abstract Map<String, Stage> branches();

  @Override
  final void process(Packet p) {
    Stage branch = select(p);
    if (branch == null) {
      discard(p, unmatched);
    } else {
      branch.accept(p);
    }
  }

  @Override
  void describe(StringBuilder out, String indent) {
    super.describe(out, indent);
    branches()
        .forEach(
            (name, branch) -> {
              out.append(indent).append("  ").append(name).append(":\n");
              branch.describe(out, indent + "    ");
            });
  }
}
