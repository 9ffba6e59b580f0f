package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.stun.StunMessageType;

/**
 * A relay thread that dies of an Error ends the server process (status 70), instead of leaving a
 * process that holds its ports and serves nothing. The Error here: a fresh server under {@code
 * ulimit -n 96}, its descriptors taken by a TCP flood, cannot load the classes its UDP path needs
 * (they come from target/classes, a file each), like an OutOfMemoryError would strike.
 */
class FatalErrorExitTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theProcessEndsWhenTheRelayThreadDies() throws Exception {
    List<Socket> flood = new ArrayList<>();
    try (TurnServerProcess server =
        TurnServerProcess.start(dataDir, 96, "--max-connections 0 --max-connections-per-ip 0")) {
      for (int i = 0; i < 150; i++) {
        Socket socket = new Socket();
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.tcpPort()), 2000);
        flood.add(socket);
      }
      Thread.sleep(500);
      try (TurnTestClient udp =
          new TurnTestClient(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort()),
              "alice",
              "wonderland")) {
        udp.send(TurnTestClient.unsigned(StunMessageType.BINDING));
      }

      Process process = server.process();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the process ended").isTrue();
      assertThat(process.exitValue()).isEqualTo(70);
      Thread.sleep(200); // the last of its log
      assertThat(server.logLines("turn: thread turn-relay died; exiting")).isEqualTo(1);
    } finally {
      for (Socket socket : flood) {
        socket.close();
      }
    }
  }
}
