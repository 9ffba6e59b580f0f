package org.medirelay.turn;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.config.TurnOptions;

/**
 * {@code java -jar medirelay-turn.jar [options]}: runs the TURN server until interrupted. Options
 * are coturn's names ({@code --help} lists them); a bad option or configuration exits with status 2
 * and says what is wrong, a server thread that dies (an Error) with status 70.
 */
public final class TurnServerMain {

  private TurnServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println("Usage: medirelay turn [options]\n" + TurnOptions.help());
      return;
    }
    // A server thread that dies of an Error (out of memory, say) leaves a process that holds its
    // ports and serves nothing; ending it lets a supervisor start a fresh one.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          System.err.println("turn: thread " + thread.getName() + " died; exiting: " + error);
          error.printStackTrace();
          Runtime.getRuntime().halt(70);
        });
    TurnConfig config;
    TurnServer server;
    try {
      config = TurnOptions.parse(arguments).build();
      server = TurnServer.start(config);
    } catch (IllegalArgumentException e) {
      System.err.println("turn: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IOException e) {
      System.err.println("turn: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "turn-shutdown"));
    try {
      StringBuilder ready = new StringBuilder("TURN server ready:");
      if (config.udp()) {
        ready.append(" udp=").append(server.udpPort());
      }
      if (config.tcp()) {
        ready.append(" tcp=").append(server.tcpPort());
      }
      if (config.tls()) {
        ready.append(" tls=").append(server.tlsPort());
      }
      ready.append(" relay=").append(server.relayIps()).append(" realm=").append(config.realm());
      if (server.prometheusPort() > 0) {
        ready
            .append(" metrics=http://localhost:")
            .append(server.prometheusPort())
            .append("/metrics");
      }
      System.out.println(ready);
    } catch (IOException e) {
      System.err.println("turn: " + e.getMessage());
    }
    stopped.await();
  }
}
