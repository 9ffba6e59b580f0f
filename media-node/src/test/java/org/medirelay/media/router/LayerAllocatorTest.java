package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.media.router.LayerAllocator.PAUSED;

import org.junit.jupiter.api.Test;

class LayerAllocatorTest {

  /** Three layers at roughly what the call page asks of them: 180p, 360p, 720p. */
  private static final long[] SIMULCAST = {150_000, 500_000, 1_500_000};

  private record Video(long[] rates, int maxLayer, int current, boolean preferred)
      implements LayerAllocator.Stream {
    static Video at(int current) {
      return new Video(SIMULCAST, 2, current, false);
    }

    Video speaking() {
      return new Video(rates, maxLayer, current, true);
    }

    Video tile(int max) {
      return new Video(rates, max, current, preferred);
    }

    @Override
    public int layerCount() {
      return rates.length;
    }

    @Override
    public long bitrate(int layer) {
      return rates[layer];
    }
  }

  private static int[] allocate(long budget, Video... streams) {
    int[] chosen = new int[streams.length];
    LayerAllocator.allocate(budget, streams, chosen);
    return chosen;
  }

  @Test
  void plentyGivesEveryoneTheirTopLayer() {
    assertThat(allocate(5_000_000, Video.at(2), Video.at(2))).containsExactly(2, 2);
  }

  @Test
  void aTileTooSmallForTheTopLayerGetsTheOneItCanShow() {
    assertThat(allocate(5_000_000, Video.at(2).tile(1), Video.at(2).tile(0))).containsExactly(1, 0);
  }

  @Test
  void aWeakLinkGetsTheLayerThatFits() {
    // 350 kbit/s less audio: only the 180p layer of the one video fits.
    assertThat(allocate(300_000, Video.at(2))).containsExactly(0);
    assertThat(allocate(700_000, Video.at(0))).containsExactly(1);
  }

  @Test
  void belowTheLowestLayerVideoPausesSoAudioKeepsItsShare() {
    assertThat(allocate(100_000, Video.at(0))).containsExactly(PAUSED);
    assertThat(allocate(0, Video.at(0), Video.at(0))).containsExactly(PAUSED, PAUSED);
  }

  @Test
  void aVideoOnItsLowestLayerRidesOutADipButNotALinkThatCannotCarryIt() {
    // 150k on 125k: a fifth over, kept (a pause is a picture frozen for seconds); on 115k, paused.
    assertThat(allocate(125_000, Video.at(0))).containsExactly(0);
    assertThat(allocate(115_000, Video.at(0))).containsExactly(PAUSED);
    // Only the video already on it: a paused one resumes with the margin, and a higher layer is
    // left as soon as it does not fit.
    assertThat(allocate(145_000, Video.at(PAUSED))).containsExactly(PAUSED);
    assertThat(allocate(450_000, Video.at(1))).containsExactly(0);
  }

  @Test
  void everyoneIsSeenBeforeAnyoneIsSharpAndTheSpeakerIsSharpFirst() {
    // 1 Mbit/s: both at 180p (300k), then the speaker climbs to 360p (+350k); no room for more.
    assertThat(allocate(1_000_000, Video.at(0), Video.at(0).speaking())).containsExactly(0, 1);
    // Only one lowest layer fits: the speaker's.
    assertThat(allocate(200_000, Video.at(0), Video.at(0).speaking())).containsExactly(PAUSED, 0);
  }

  @Test
  void resumingAndClimbingNeedHeadroomKeepingDoesNot() {
    // Paused, the lowest layer must fit with the margin: 160k is not 150k x 1.15.
    assertThat(allocate(160_000, Video.at(PAUSED))).containsExactly(PAUSED);
    assertThat(allocate(175_000, Video.at(PAUSED))).containsExactly(0);
    // Already on 180p, 160k keeps it.
    assertThat(allocate(160_000, Video.at(0))).containsExactly(0);
    // 360p from 180p needs 350k extra x 1.15 = 402.5k above 150k; kept at 500k exactly.
    assertThat(allocate(540_000, Video.at(0))).containsExactly(0);
    assertThat(allocate(560_000, Video.at(0))).containsExactly(1);
    assertThat(allocate(500_000, Video.at(1))).containsExactly(1);
  }

  @Test
  void layersNotBeingSentAreSkipped() {
    // The publisher sends no 360p (its encoder dropped it): from 180p straight to 720p.
    long[] noMiddle = {150_000, 0, 1_500_000};
    assertThat(allocate(5_000_000, new Video(noMiddle, 2, 0, false))).containsExactly(2);
    assertThat(allocate(1_000_000, new Video(noMiddle, 2, 0, false))).containsExactly(0);
    // Screen sharing: only the top layer is sent.
    long[] screen = {0, 0, 800_000};
    assertThat(allocate(1_000_000, new Video(screen, 2, 2, false))).containsExactly(2);
    assertThat(allocate(500_000, new Video(screen, 2, 2, false))).containsExactly(PAUSED);
  }

  @Test
  void aSharedScreenReachesATileSmallerThanItsOnlyLayer() {
    // The tile asks for 360p at most, but a shared screen is sent as its top layer alone.
    long[] screen = {0, 0, 800_000};
    assertThat(allocate(1_000_000, new Video(screen, 1, PAUSED, false))).containsExactly(2);
    assertThat(allocate(-1, new Video(screen, 1, PAUSED, false))).containsExactly(2);
    assertThat(allocate(500_000, new Video(screen, 1, PAUSED, false))).containsExactly(PAUSED);
    // A camera's lower layers still serve the small tile.
    assertThat(allocate(5_000_000, Video.at(0).tile(1))).containsExactly(1);
  }

  @Test
  void withoutAnEstimateEveryoneGetsTheBestLiveLayerTheirTileShows() {
    assertThat(allocate(-1, Video.at(0), Video.at(PAUSED).tile(1))).containsExactly(2, 1);
  }
}
