package org.medirelay.media.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.Stage;

/**
 * The active speaker from audio packets as browsers send them (decrypted, with the RFC 6464 level
 * element), window by window: each publisher sends a window's 15 packets (20 ms each), then the
 * conference's tick closes the window, as the node's 300 ms timer does.
 */
class ActiveSpeakerTest {

  private static final int PACKETS_PER_WINDOW = 15;
  private static final int VOICE = 0x80;

  /** A muted microphone: libwebrtc sends silence, level 127. */
  private static final int[] SILENT = repeat(127, PACKETS_PER_WINDOW);

  /** Syllables at -25 dBov between pauses at a room's -60 dBov. */
  private static final int[] TALKING = pattern(VOICE | 25, VOICE | 60, 10);

  /** A noisy room: -40 dBov all the time, flagged as voice. */
  private static final int[] NOISE = repeat(VOICE | 40, PACKETS_PER_WINDOW);

  /** Speech at -22 dBov over that noise: 18 dB above it. */
  private static final int[] TALKING_OVER_NOISE = pattern(VOICE | 22, VOICE | 40, 10);

  /** Loud, but the encoder says it is not voice. */
  private static final int[] UNFLAGGED = repeat(20, PACKETS_PER_WINDOW);

  private final PacketPool pool = new PacketPool(64);
  private final ActiveSpeaker speaker = new ActiveSpeaker();
  private final Publisher alice = new Publisher("alice");
  private final Publisher bob = new Publisher("bob");
  private final Publisher carol = new Publisher("carol");

  /** One participant's audio path after decryption: the speaker's stage, then the consumers. */
  private final class Publisher {
    final String id;
    final Capture consumers;
    final Stage path;
    int[] sends = SILENT;

    Publisher(String id) {
      this.id = id;
      consumers = new Capture(id + " consumers");
      path = Stage.chain(speaker.levelsOf(id), consumers);
    }

    void sendWindow() {
      for (int element : sends) {
        path.accept(packet(audio(element)));
      }
    }
  }

  /** Runs {@code count} windows; returns each change of speaker the ticks announced. */
  private List<String> windows(int count) {
    List<String> changes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      for (Publisher p : List.of(alice, bob, carol)) {
        p.sendWindow();
      }
      String changed = speaker.tick();
      if (changed != null) {
        changes.add(changed);
      }
    }
    return changes;
  }

  @Test
  void nobodySpeaksUntilSomeoneHasTalkedForFourWindows() {
    assertThat(windows(5)).as("everyone silent").isEmpty();
    assertThat(speaker.current()).isNull();

    alice.sends = TALKING;
    assertThat(windows(3)).isEmpty();
    assertThat(windows(1)).containsExactly("alice");
    assertThat(speaker.current()).isEqualTo("alice");
    assertThat(windows(10)).as("announced once").isEmpty();
    assertThat(alice.consumers.received()).as("every packet passes on").hasSize(19 * 15);
    assertThat(alice.consumers.received().get(0)).isEqualTo(audio(127));
  }

  @Test
  void aCoughOrAShortReplyDoesNotTakeOverAndSilenceKeepsTheLastSpeaker() {
    alice.sends = TALKING;
    assertThat(windows(7)).containsExactly("alice");
    alice.sends = SILENT;
    bob.sends = TALKING; // a cough: two windows, 0.6 s
    windows(2);
    bob.sends = SILENT;
    carol.sends = TALKING; // "mm-hm": three windows
    windows(3);
    carol.sends = SILENT;

    assertThat(windows(20)).as("a minute of silence after").isEmpty();
    assertThat(speaker.current()).isEqualTo("alice");
  }

  @Test
  void someoneElseTakesOverOnlyOnceTheSpeakerFallsQuiet() {
    alice.sends = TALKING;
    assertThat(windows(7)).containsExactly("alice");
    bob.sends = TALKING; // both talk at once: nobody is clearly more active
    assertThat(windows(10)).isEmpty();

    alice.sends = SILENT;
    // Bob's 7 speech windows must beat Alice's fading count by 3: 7 >= (7 - n) + 3 after n = 3.
    assertThat(windows(2)).isEmpty();
    assertThat(windows(1)).containsExactly("bob");
    assertThat(speaker.current()).isEqualTo("bob");
  }

  @Test
  void eachPacketIsJudgedAgainstItsPublishersOwnNoiseFloor() {
    alice.sends = NOISE;
    bob.sends = UNFLAGGED;
    assertThat(windows(10)).as("steady noise, and loudness without voice").isEmpty();

    alice.sends = TALKING_OVER_NOISE;
    assertThat(windows(4)).containsExactly("alice");
  }

  @Test
  void aSpeakerWhoLeavesIsForgottenAndTheNextOneTakesOver() {
    alice.sends = TALKING;
    assertThat(windows(7)).containsExactly("alice");

    speaker.forget("alice");
    assertThat(speaker.current()).isNull();
    bob.sends = TALKING;
    assertThat(windows(4)).as("Alice's late packets count for nobody").containsExactly("bob");
  }

  @Test
  void packetsWithoutALevelOrWithAMalformedBlockPassOnAndCountForNothing() {
    byte[] plain = Arrays.copyOf(audio(VOICE | 10), 12); // no extension at all
    plain[0] = (byte) 0x80;
    byte[] truncated = audio(VOICE | 10);
    truncated[15] = 9; // the block claims 9 words, past the packet's end
    for (int window = 0; window < 7; window++) {
      for (int i = 0; i < PACKETS_PER_WINDOW; i++) {
        alice.path.accept(packet(plain));
        alice.path.accept(packet(truncated));
      }
      speaker.tick();
    }

    assertThat(speaker.current()).isNull();
    assertThat(alice.consumers.received()).hasSize(7 * 2 * PACKETS_PER_WINDOW);
    assertThat(pool.available()).as("no packet kept").isEqualTo(64);
  }

  @Test
  void readingLevelsAllocatesNothingPerPacket() {
    Stage path = Stage.chain(speaker.levelsOf("dave"), Consume.of("consumers", Packet::release));
    byte[] loud = audio(VOICE | 20);
    byte[] quiet = audio(VOICE | 70);
    run(path, loud, quiet, 20_000); // warm up: class loading, JIT
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    run(path, loud, quiet, 20_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated for 20 000 packets").isLessThan(20_000);
    for (int i = 0; i < ActiveSpeaker.MIN_SPEECH; i++) {
      run(path, loud, quiet, PACKETS_PER_WINDOW);
      speaker.tick();
    }
    assertThat(speaker.current()).as("the levels were read").isEqualTo("dave");
  }

  private void run(Stage path, byte[] loud, byte[] quiet, int packets) {
    for (int i = 0; i < packets; i++) {
      byte[] bytes = i % 3 == 0 ? quiet : loud;
      path.accept(pool.take().fill(bytes, 0, bytes.length));
    }
  }

  private Packet packet(byte[] bytes) {
    return pool.take().fill(bytes, 0, bytes.length);
  }

  /**
   * Opus RTP (V=2, X=1, PT 111) with one one-byte extension element, ID 1 (the node's audio level
   * ID), holding {@code element}: the V flag and the level in -dBov; then 20 bytes of payload.
   */
  private static byte[] audio(int element) {
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 20);
    b.put((byte) 0x90).put((byte) 111).putShort((short) 1).putInt(960).putInt(0xA0D10);
    b.putShort((short) 0xBEDE).putShort((short) 1);
    b.put((byte) 0x10).put((byte) element).putShort((short) 0); // element, then padding
    while (b.hasRemaining()) {
      b.put((byte) 0x55);
    }
    return b.array();
  }

  private static int[] repeat(int element, int count) {
    int[] out = new int[count];
    Arrays.fill(out, element);
    return out;
  }

  /** {@code loud} for the first {@code loudPackets} of a window, {@code quiet} after. */
  private static int[] pattern(int loud, int quiet, int loudPackets) {
    int[] out = repeat(quiet, PACKETS_PER_WINDOW);
    Arrays.fill(out, 0, loudPackets, loud);
    return out;
  }
}
