package org.medirelay.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.medirelay.turn.allocation.Allocation.BindResult;

/**
 * The once-a-second sweep skips an allocation until its earliest permission or channel expiry;
 * these check that the skip never keeps an expired channel (whose number could then not be bound to
 * another peer) or outlives a refresh.
 */
class AllocationSweepTest {

  private static final long CHANNEL = 600_000;
  private static final long PERMISSION = 300_000;
  private static final InetSocketAddress PEER_A = peer(1);
  private static final InetSocketAddress PEER_B = peer(2);

  private final Allocation allocation = new Allocation("alice", null, null, null, 8, 0, 0);

  @Test
  void expiredChannelIsSweptAndItsNumberFreed() {
    assertThat(allocation.bindChannel(0x4000, PEER_A, 0, CHANNEL, PERMISSION))
        .isEqualTo(BindResult.BOUND);
    allocation.sweep(CHANNEL - 1);
    assertThat(allocation.bindChannel(0x4000, PEER_B, CHANNEL - 1, CHANNEL, PERMISSION))
        .isEqualTo(BindResult.CHANNEL_IN_USE_BY_OTHER_PEER);

    allocation.sweep(CHANNEL + 1);
    assertThat(allocation.bindChannel(0x4000, PEER_B, CHANNEL + 1, CHANNEL, PERMISSION))
        .isEqualTo(BindResult.BOUND);
  }

  @Test
  void expiredChannelIsSweptWhenItsPermissionLivesLonger() {
    long longPermission = 2 * CHANNEL; // --permission-lifetime may exceed --channel-lifetime
    allocation.bindChannel(0x4000, PEER_A, 0, CHANNEL, longPermission);
    allocation.sweep(CHANNEL + 1);
    assertThat(allocation.bindChannel(0x4000, PEER_B, CHANNEL + 1, CHANNEL, longPermission))
        .isEqualTo(BindResult.BOUND);
  }

  @Test
  void refreshedChannelOutlivesItsFirstExpiryThenGoes() {
    allocation.bindChannel(0x4000, PEER_A, 0, CHANNEL, PERMISSION);
    allocation.bindChannel(0x4000, PEER_A, 500_000, CHANNEL, PERMISSION);
    allocation.sweep(CHANNEL + 1);
    assertThat(allocation.channel(0x4000, CHANNEL + 1)).isNotNull();

    allocation.sweep(500_000 + CHANNEL + 1);
    assertThat(allocation.bindChannel(0x4000, PEER_B, 500_000 + CHANNEL + 1, CHANNEL, PERMISSION))
        .isEqualTo(BindResult.BOUND);
  }

  @Test
  void permissionNamedByLiveChannelStaysUntilTheChannelGoes() {
    allocation.bindChannel(0x4000, PEER_A, 0, CHANNEL, PERMISSION);
    allocation.sweep(PERMISSION + 1);
    allocation.sweep(PERMISSION + 2_000);
    assertThat(allocation.endpointFor(PEER_A, PERMISSION + 2_000))
        .isNull(); // expired permission: nothing relayed
    assertThat(allocation.channel(0x4000, PERMISSION + 2_000)).isNotNull();

    allocation.sweep(CHANNEL + 1);
    assertThat(allocation.channel(0x4000, CHANNEL + 1)).isNull();
    assertThat(allocation.bindChannel(0x4000, PEER_B, CHANNEL + 1, CHANNEL, PERMISSION))
        .isEqualTo(BindResult.BOUND);
  }

  private static InetSocketAddress peer(int last) {
    try {
      return new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last}), 5000);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
