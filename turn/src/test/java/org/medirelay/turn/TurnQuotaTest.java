package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.turn.TestConfigs.credential;
import static org.medirelay.turn.TurnTestClient.errorCode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turncredential.TurnRestCredential;

/**
 * One REST credential, or one client address, cannot take every relay port: the default quotas
 * answer 486 (Allocation Quota Reached) while other users still allocate.
 */
class TurnQuotaTest {

  @TempDir Path dataDir;

  private final List<TurnTestClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(TurnTestClient::close);
  }

  /** As the server starts by default, with a 100-port relay range. */
  private TurnConfig.Builder defaults() {
    return TestConfigs.restOnLoopback(dataDir).portRange(41000, 41099);
  }

  @Test
  void theDefaultsLimitEachUserAndEachAddress() {
    TurnConfig config = defaults().build();
    assertThat(config.userQuota()).isEqualTo(16);
    assertThat(config.sourceQuota()).isEqualTo(100);
  }

  @Test
  void oneCredentialsFloodHits486AndAnotherUserStillAllocates() throws Exception {
    try (LogCapture logs = new LogCapture();
        TurnServer server = TurnServer.start(defaults().build())) {
      TurnRestCredential flooder = credential("patient-9");
      int granted = 0;
      int quotaReached = 0;
      for (int i = 0; i < 120; i++) {
        int code = allocate(server, flooder, "127.0.0.1");
        granted += code == 0 ? 1 : 0;
        quotaReached += code == 486 ? 1 : 0;
      }

      assertThat(granted).isEqualTo(16);
      assertThat(quotaReached).isEqualTo(104);
      assertThat(server.metrics().allocationsRefused.get("user_quota").sum()).isEqualTo(104);
      assertThat(allocate(server, credential("doctor-2"), "127.0.0.1")).isZero();
      assertThat(logs.lines("allocation refused"))
          .singleElement()
          .asString()
          .contains("'" + flooder.username() + "' from 127.0.0.1:", "--user-quota 16 reached");
    }
  }

  @Test
  void manyCredentialsFromOneAddressHitTheSourceQuota() throws Exception {
    try (TurnServer server = TurnServer.start(defaults().sourceQuota(20).build())) {
      int granted = 0;
      for (int user = 0; user < 3; user++) {
        TurnRestCredential credential = credential("bot-" + user);
        for (int i = 0; i < 10; i++) {
          granted += allocate(server, credential, "127.0.0.2") == 0 ? 1 : 0;
        }
      }

      assertThat(granted).isEqualTo(20);
      assertThat(server.metrics().allocationsRefused.get("source_quota").sum()).isEqualTo(10);
      assertThat(allocate(server, credential("bot-0"), "127.0.0.3"))
          .as("another address, even with a credential that has allocations elsewhere")
          .isZero();
    }
  }

  /** Allocates from a new socket on {@code localIp}: 0 on success, else the error code. */
  private int allocate(TurnServer server, TurnRestCredential credential, String localIp)
      throws Exception {
    TurnTestClient client =
        new TurnTestClient(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort()),
            credential.username(),
            credential.password(),
            new InetSocketAddress(InetAddress.getByName(localIp), 0));
    clients.add(client);
    var answer = client.allocate();
    return answer.messageClass() == StunMessageType.SUCCESS ? 0 : errorCode(answer);
  }
}
