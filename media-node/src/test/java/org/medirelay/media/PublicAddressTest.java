package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * Behind a 1:1 NAT the node advertises its public address, mapped onto its local one (no traffic
 * goes there here).
 */
class PublicAddressTest {

  @Test
  void offerCarriesTheConfiguredPublicAddressAsServerReflexiveCandidate() throws Exception {
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer, Map.of("MEDIA_PUBLIC_ADDRESS", "203.0.113.7"));
        SignalingClient client = new SignalingClient(node.signalingUrl())) {
      client.join(
          "s-nat", issuer.token("s-nat", "Ann", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE)));
      String sdp = client.next("offer").path("sdp").asText();
      int port = node.udpPort();
      assertThat(sdp).contains("127.0.0.1 " + port + " typ host");
      assertThat(sdp).contains("203.0.113.7 " + port + " typ srflx raddr 127.0.0.1 rport " + port);
    }
  }
}
