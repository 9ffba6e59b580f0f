package org.medirelay.turn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnOptionsTest {

  @Test
  void coturnCommandLineOptionsBuildTheConfig() throws Exception {
    TurnConfig config =
        TurnOptions.parse(
                List.of(
                    "--listening-ip",
                    "127.0.0.1",
                    "--listening-port=3479",
                    "--tls-listening-port",
                    "443",
                    "--relay-ip",
                    "127.0.0.1",
                    "--external-ip",
                    "203.0.113.5/127.0.0.1",
                    "--min-port",
                    "50000",
                    "--max-port",
                    "50100",
                    "--realm",
                    "clinic.example",
                    "--user",
                    "alice:pw:with:colons",
                    "--lt-cred-mech",
                    "--use-auth-secret",
                    "--static-auth-secret",
                    "0123456789abcdef0",
                    "--static-auth-secret",
                    "fedcba98765432100",
                    "--allow-loopback-peers",
                    "--allowed-peer-ip",
                    "10.0.0.5",
                    "--denied-peer-ip",
                    "8.8.8.0/24",
                    "--user-quota",
                    "3",
                    "--total-quota",
                    "100",
                    "--max-bps",
                    "64000",
                    "--no-cli",
                    "--fingerprint"))
            .build();

    assertThat(config.listeningIps()).containsExactly(InetAddress.getByName("127.0.0.1"));
    assertThat(config.listeningPort()).isEqualTo(3479);
    assertThat(config.tlsListeningPort()).isEqualTo(443);
    assertThat(config.externalIps()).hasSize(1);
    assertThat(config.minPort()).isEqualTo(50000);
    assertThat(config.maxPort()).isEqualTo(50100);
    assertThat(config.realm()).isEqualTo("clinic.example");
    assertThat(config.users()).containsEntry("alice", "pw:with:colons");
    assertThat(config.useAuthSecret()).isTrue();
    assertThat(config.staticAuthSecrets()).hasSize(2);
    assertThat(config.allowLoopbackPeers()).isTrue();
    assertThat(config.allowedPeerIps()).hasSize(1);
    assertThat(config.deniedPeerIps()).hasSize(1);
    assertThat(config.userQuota()).isEqualTo(3);
    assertThat(config.totalQuota()).isEqualTo(100);
    assertThat(config.maxBps()).isEqualTo(64000);
    config.validate();
  }

  @Test
  void aCoturnConfigFileIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("turnserver.conf");
    Files.writeString(
        file,
        """
        # carried over from coturn
        listening-port=3478
        realm="medirelay.example"
        lt-cred-mech
        user=bob:secret
        no-cli
        """);

    TurnConfig config =
        TurnOptions.parse(List.of("-c", file.toString(), "--listening-port", "0")).build();

    assertThat(config.realm()).isEqualTo("medirelay.example");
    assertThat(config.users()).containsEntry("bob", "secret");
    assertThat(config.listeningPort()).isZero();
  }

  @Test
  void mistakesAreReportedWithTheOptionOrLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "realm=x\nno-such-thing=1\n");

    assertThatThrownBy(() -> TurnOptions.parse(List.of("--listening-port", "99999")))
        .hasMessageContaining("not a port");
    assertThatThrownBy(() -> TurnOptions.parse(List.of("--bogus")))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> TurnOptions.parse(List.of("-c", file.toString())))
        .hasMessageContaining("bad.conf:2");
    assertThatThrownBy(() -> TurnOptions.parse(List.of("--realm", "x")).build().validate())
        .hasMessageContaining("no credentials");
    assertThatThrownBy(
            () ->
                TurnOptions.parse(List.of("--use-auth-secret", "--static-auth-secret", "short"))
                    .build()
                    .validate())
        .hasMessageContaining("16 characters");
  }

  @Test
  void theLimitsHaveSafeDefaultsAndOptions() {
    TurnConfig defaults = TurnOptions.parse(List.of()).build();
    TurnConfig set =
        TurnOptions.parse(
                List.of(
                    "--source-quota=7",
                    "--max-connections=300",
                    "--max-connections-per-ip=20",
                    "--connection-timeout=5"))
            .build();

    assertThat(defaults.userQuota()).isEqualTo(16);
    assertThat(defaults.sourceQuota()).isEqualTo(100);
    assertThat(defaults.maxConnections()).isEqualTo(4000);
    assertThat(defaults.maxConnectionsPerIp()).isEqualTo(100);
    assertThat(defaults.connectionTimeout()).isEqualTo(10);
    assertThat(set.sourceQuota()).isEqualTo(7);
    assertThat(set.maxConnections()).isEqualTo(300);
    assertThat(set.maxConnectionsPerIp()).isEqualTo(20);
    assertThat(set.connectionTimeout()).isEqualTo(5);
  }

  @Test
  void helpListsEveryOption() {
    String help = TurnOptions.help();
    TurnOptions.names().forEach(name -> assertThat(help).contains("--" + name));
  }
}
