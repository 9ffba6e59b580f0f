package org.medirelay.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;

/** Stages count what they are handed and what they discard, in one place, and give packets back. */
class StageTest {

  private final PacketPool pool = new PacketPool(4);
  private final Counter tooShort = new SimpleMeterRegistry().counter("too.short");

  private Packet packet(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    return pool.take().fill(data, 0, data.length);
  }

  @Test
  void aPathPassesKeptPacketsOnAndCountsDiscardsWithTheirReason() {
    Capture out = new Capture("out");
    Stage head =
        Stage.chain(
            Filter.of("at least 2 bytes", tooShort, p -> p.getLength() >= 2),
            Transform.of(
                "first byte + 1",
                null,
                p -> {
                  p.putUint16(0, p.uint16At(0) + 0x100);
                  return true;
                }),
            Observe.of("look", p -> {}),
            out);

    head.accept(packet(1, 2));
    head.accept(packet(7));
    head.accept(packet(3, 4, 5));

    assertThat(out.received()).containsExactly(new byte[] {2, 2}, new byte[] {4, 4, 5});
    assertThat(head.packets()).isEqualTo(3);
    assertThat(head.discarded()).isEqualTo(1);
    assertThat(tooShort.count()).isEqualTo(1);
    assertThat(pool.available()).as("every packet back in the pool").isEqualTo(4);
    assertThat(head.describe())
        .isEqualTo(
            """
            at least 2 bytes [3 in, 1 discarded]
            first byte + 1 [2 in, 0 discarded]
            look [2 in, 0 discarded]
            out [2 in, 0 discarded]
            """);
  }

  @Test
  void aDemuxSendsEachPacketDownItsBranchAndDiscardsWhatNoneTakes() {
    Capture odd = new Capture("odd");
    Capture even = new Capture("even");
    Stage demux =
        new Demux("by first byte", tooShort) {
          @Override
          protected Stage select(Packet p) {
            return p.byteAt(0) == 0 ? null : p.byteAt(0) % 2 == 0 ? even : odd;
          }

          @Override
          protected Map<String, Stage> branches() {
            return Map.of("odd", odd);
          }
        };

    demux.accept(packet(1));
    demux.accept(packet(2));
    demux.accept(packet(0));

    assertThat(odd.received()).hasSize(1);
    assertThat(even.received()).hasSize(1);
    assertThat(demux.discarded()).isEqualTo(1);
    assertThat(pool.available()).isEqualTo(4);
    assertThat(demux.describe())
        .isEqualTo(
            """
            by first byte [3 in, 1 discarded]
              odd:
                odd [1 in, 0 discarded]
            """);
  }

  @Test
  void nothingFollowsTheEndOfAPathAndAStageHasOneSuccessor() {
    Filter filter = Filter.of("f", null, p -> true);
    assertThatThrownBy(() -> Stage.chain(new Capture("end"), filter))
        .isInstanceOf(IllegalArgumentException.class);
    Stage.chain(filter, new Capture("a"));
    assertThatThrownBy(() -> Stage.chain(filter, new Capture("b")))
        .isInstanceOf(IllegalStateException.class);
  }
}
