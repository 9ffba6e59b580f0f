package org.medirelay.turn.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.control.StunRequestProcessor;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.stun.ChannelDataFrame;
import org.medirelay.turn.stun.StunHeader;
import org.medirelay.turn.stun.StunMessageType;

/**
 * First stage for everything a client sends: the first byte tells ChannelData (0x40–0x4F) from STUN
 * (top bits 00, magic cookie); Send indications take the in-place relay path, other STUN goes to
 * the control path; anything else is dropped and counted (RFC 8656 §12.4 demultiplexing).
 */
public final class ClientPacketDispatcher {

  private final ChannelDataToPeer channelData;
  private final SendIndicationToPeer sendIndication;
  private final StunRequestProcessor control;
  private final TurnMetrics metrics;

  public ClientPacketDispatcher(
      ChannelDataToPeer channelData,
      SendIndicationToPeer sendIndication,
      StunRequestProcessor control,
      TurnMetrics metrics) {
    this.channelData = channelData;
    this.sendIndication = sendIndication;
    this.control = control;
    this.metrics = metrics;
  }

  public void dispatch(ByteBuffer buf, int offset, int length, ClientLink link) throws IOException {
    if (length <= 0) {
      metrics.malformedPackets.increment();
      return;
    }
    int first = buf.get(offset) & 0xFF;
    if (ChannelDataFrame.isChannelData(first)) {
      channelData.relay(buf, offset, length, link);
    } else if (StunHeader.looksLikeStun(buf, offset, length)) {
      if (StunHeader.messageType(buf, offset) == StunMessageType.SEND_INDICATION) {
        sendIndication.relay(buf, offset, length, link);
      } else {
        control.process(buf, offset, length, link);
      }
    } else {
      metrics.malformedPackets.increment();
    }
  }
}
