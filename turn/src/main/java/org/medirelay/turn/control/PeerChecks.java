package org.medirelay.turn.control;

import java.util.logging.Level;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.log.ThrottledLog;
import org.medirelay.turn.peer.PeerAddressPolicy;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * The checks CreatePermission and ChannelBind make on each XOR-PEER-ADDRESS: family (443) and
 * policy (403).
 */
final class PeerChecks {

  private PeerChecks() {}

  /** 0 when the peer is acceptable for {@code allocation}, else the error code. */
  static int check(AllocationLifecycle lifecycle, Allocation allocation, XorAddressAttribute peer) {
    int relayBytes = allocation.relayedAddress().getAddress().getAddress().length;
    byte[] raw = peer.rawAddress();
    boolean embedsV4 = raw.length == 16 && relayBytes == 4 && isMapped(raw);
    if (raw.length != relayBytes && !embedsV4) {
      return ErrorCodeAttribute.PEER_ADDRESS_FAMILY_MISMATCH;
    }
    PeerAddressPolicy.Verdict verdict = lifecycle.peers.judge(raw, peer.port());
    if (verdict != PeerAddressPolicy.Verdict.ALLOWED) {
      lifecycle.metrics.deniedPeers.increment();
      lifecycle.log.log(
          Level.INFO,
          "peer",
          () ->
              "peer "
                  + ThrottledLog.address(peer.socketAddress())
                  + " refused for '"
                  + ThrottledLog.printable(allocation.username())
                  + "': "
                  + verdict.reason()
                  + " (answered 403)");
      return ErrorCodeAttribute.FORBIDDEN;
    }
    return 0;
  }

  private static boolean isMapped(byte[] raw) {
    for (int i = 0; i < 10; i++) {
      if (raw[i] != 0) {
        return false;
      }
    }
    return raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
  }
}
