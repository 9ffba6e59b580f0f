package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/** A participant whose browser vanished without closing leaves; one whose browser answers pings stays. */
class LivenessTest {

  @Test
  void silentConnectionIsClosedAndItsParticipantLeavesWhileAPongingOneStays() throws Exception {
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer, Map.of("MEDIA_SIGNALING_IDLE_SECONDS", "3"));
        SignalingClient alive = new SignalingClient(node.signalingUrl())) {
      alive.join("s-live", issuer.token("s-live", "Alive", EnumSet.of(Grant.SUBSCRIBE)));
      alive.next("joined");
      try (Socket vanished = new Socket("127.0.0.1", node.signalingPort())) {
        // A WebSocket client that joins, then never sends another byte (it will not answer pings either).
        OutputStream out = vanished.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        byte[] join =
            ("{\"type\":\"join\",\"sessionId\":\"s-live\",\"token\":\""
                    + issuer.token("s-live", "Vanished", EnumSet.of(Grant.SUBSCRIBE)) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(maskedTextFrame(join));
        out.flush();
        assertThat(alive.next("participant-joined").path("participant").path("displayName").asText())
            .isEqualTo("Vanished");
        assertThat(alive.next("participant-left")).isNotNull();
        InputStream in = vanished.getInputStream();
        vanished.setSoTimeout(10_000);
        while (in.read() >= 0) {
          // drain until the node closes the connection
        }
      }
      // The client that answers pings by itself is still in: it keeps receiving from the node.
      Thread.sleep(4_000);
      try (SignalingClient late = new SignalingClient(node.signalingUrl())) {
        late.join("s-live", issuer.token("s-live", "Late", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(late.next("joined").path("participants").get(0).path("displayName").asText()).isEqualTo("Alive");
      }
    }
  }

  /** A client-to-server text frame (RFC 6455 section 5.2): FIN, opcode 1, masked with a zero key. */
  private static byte[] maskedTextFrame(byte[] payload) {
    int headerLength = payload.length < 126 ? 2 : 4;
    byte[] frame = new byte[headerLength + 4 + payload.length];
    frame[0] = (byte) 0x81;
    if (payload.length < 126) {
      frame[1] = (byte) (0x80 | payload.length);
    } else {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >> 8);
      frame[3] = (byte) payload.length;
    }
    // mask key 0,0,0,0: the payload stays as it is
    System.arraycopy(payload, 0, frame, headerLength + 4, payload.length);
    return frame;
  }
}
