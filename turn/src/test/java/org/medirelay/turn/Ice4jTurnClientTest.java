package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turncredential.TurnRestCredential;

/**
 * ice4j's TURN client (the one our media node's ICE stack uses) gets a relayed candidate from our
 * server.
 */
class Ice4jTurnClientTest {

  static {
    // ice4j would otherwise probe the AWS metadata address; tests send traffic to loopback only.
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("ice4j.harvest.use-ipv6", "false");
  }

  @TempDir Path dataDir;

  @Test
  void ice4jHarvestsARelayedCandidateWithARestCredential() throws Exception {
    String secret = "ice4j-shared-secret-0123456";
    try (TurnServer server =
        TurnServer.start(
            LoopbackConfig.builder(dataDir)
                .tcp(false)
                .tls(false)
                .useAuthSecret(true)
                .staticAuthSecret(secret)
                .build())) {
      var credential =
          TurnRestCredential.issue(secret, "doctor-1", Instant.now().plusSeconds(3600));
      Agent agent = new Agent();
      try {
        agent.addCandidateHarvester(
            new TurnCandidateHarvester(
                new TransportAddress("127.0.0.1", server.udpPort(), Transport.UDP),
                new LongTermCredential(credential.username(), credential.password())));
        IceMediaStream stream = agent.createMediaStream("video");
        Component component = agent.createComponent(stream, 0, 0, 0);

        List<LocalCandidate> relayed =
            component.getLocalCandidates().stream()
                .filter(c -> c.getType() == CandidateType.RELAYED_CANDIDATE)
                .toList();
        assertThat(relayed).as("candidates: %s", component.getLocalCandidates()).isNotEmpty();
        assertThat(relayed.get(0).getTransportAddress().getAddress())
            .isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(server.metrics().allocationsActive.sum()).isPositive();
      } finally {
        agent.free();
      }
    }
  }
}
