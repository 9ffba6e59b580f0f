package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 3.1) byte by byte. */
class TransportCcReaderTest {

  private final PacketPool pool = new PacketPool(4);

  /** What a reader reported, one line per call. */
  private static final class Told implements TransportCcReader.Visitor {
    final List<String> lines = new ArrayList<>();

    @Override
    public void header(int baseSequence, int statusCount, int referenceTime, int feedbackCount) {
      lines.add(
          "header " + baseSequence + " " + statusCount + " " + referenceTime + " " + feedbackCount);
    }

    @Override
    public void received(int sequence, long sinceReferenceMicros) {
      lines.add(sequence + " at " + sinceReferenceMicros);
    }

    @Override
    public void notReceived(int sequence) {
      lines.add(sequence + " lost");
    }
  }

  /**
   * An RTPFB FMT 15 packet from sender 0x0A to media 0x0B whose body (from the base sequence number
   * on) is {@code body}, padded with zeros to a whole word.
   */
  private Packet feedback(String body) {
    String hex = "00000000a 0000000b".replace(" ", "") + body.replace(" ", "");
    byte[] rest = HexFormat.of().parseHex(hex.substring(1));
    int length = 4 + (rest.length + 3) / 4 * 4;
    byte[] bytes = new byte[length];
    bytes[0] = (byte) 0x8F;
    bytes[1] = (byte) 205;
    bytes[3] = (byte) (length / 4 - 1);
    System.arraycopy(rest, 0, bytes, 4, rest.length);
    return pool.take().fill(bytes, 0, bytes.length);
  }

  private List<String> read(Packet p) {
    Told told = new Told();
    boolean valid = TransportCcReader.read(p, 0, p.getLength(), told);
    p.release();
    if (!valid) {
      assertThat(told.lines).as("a rejected packet tells nothing").isEmpty();
      return null;
    }
    return told.lines;
  }

  @Test
  void twoBitVectorWithSmallLargeAndNegativeDeltas() {
    // base 100, 4 statuses, reference 16 (x 64 ms), feedback 7;
    // chunk 1|1|01 00 01 10 00 00 00: received, lost, received, received (2-byte delta);
    // deltas +1 ms (4 x 250 us), +2 ms, -1 ms.
    Packet p = feedback("0064 0004 000010 07 d180 04 08 fffc");
    assertThat(read(p))
        .containsExactly(
            "header 100 4 16 7", "100 at 1000", "101 lost", "102 at 3000", "103 at 2000");
  }

  @Test
  void runLengthAcrossTheSequenceWrap() {
    // base 65534, 3 statuses: one run of 3 "received, small delta" (0|01|0000000000011).
    Packet p = feedback("fffe 0003 000001 00 2003 00 01 ff");
    assertThat(read(p))
        .containsExactly("header 65534 3 1 0", "65534 at 0", "65535 at 250", "0 at 64000");
  }

  @Test
  void oneBitVectorThenRunOfLosses() {
    // 1|0|10100000000000: received, lost, received, then 11 lost; then a run of 2 lost.
    Packet p = feedback("0001 0010 ffffff ff a800 0002 0a 14");
    assertThat(read(p))
        .startsWith("header 1 16 16777215 255", "1 at 2500", "2 lost", "3 at 7500", "4 lost")
        .endsWith("15 lost", "16 lost")
        .hasSize(17);
  }

  @Test
  void aStatusCountThatTheChunksDoNotHoldIsRejected() {
    // 5 statuses, but the chunks are a run of 3 and a run of 1, and the packet ends there.
    assertThat(read(feedback("0064 0005 000010 07 2003 2001"))).isNull();
  }

  @Test
  void deltasPastTheEndAreRejected() {
    // 2 received with 2-byte deltas need 4 bytes; 2 are there (and the padding).
    assertThat(read(feedback("0064 0002 000010 07 4002 0001"))).isNull();
  }

  @Test
  void reservedSymbolsEmptyRunsAndNoStatusesAreRejected() {
    assertThat(read(feedback("0064 0001 000010 07 6001"))).as("run of symbol 11").isNull();
    assertThat(read(feedback("0064 0001 000010 07 f000"))).as("vector with 11").isNull();
    assertThat(read(feedback("0064 0001 000010 07 0000 2001 04"))).as("empty run").isNull();
    assertThat(read(feedback("0064 0000 000010 07 2001 04"))).as("no statuses").isNull();
  }

  @Test
  void aFeedbackShorterThanItsFixedPartIsRejected() {
    Packet p = feedback("0064 0001 000010 07 2001 04");
    assertThat(TransportCcReader.read(p, 0, 20, new Told())).isFalse();
    p.release();
  }

  @Test
  void sixtyFiveThousandLossesInEighteenBytesAreValidAndReportedInOrder() {
    // 9 runs of 8191 "not received": the reader reports them; bounding that is its user's job.
    Packet p = feedback("0000 ffff 000000 00" + " 1fff".repeat(9));
    List<String> told = read(p);
    assertThat(told).hasSize(1 + 0xFFFF).endsWith("65534 lost");
  }
}
