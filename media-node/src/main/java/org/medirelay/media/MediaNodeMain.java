package org.medirelay.media;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * {@code java -jar medirelay-media-node.jar}: runs a media node configured from the environment
 * (MediaNodeConfig).
 */
public final class MediaNodeMain {

  private MediaNodeMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("java.util.logging.config.file") == null) {
      try (InputStream logging = MediaNodeMain.class.getResourceAsStream("logging.properties")) {
        LogManager.getLogManager().readConfiguration(logging);
      }
    }
    MediaNodeConfig config;
    try {
      config = MediaNodeConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("media node configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    MediaNode node = new MediaNode(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                }));
    System.out.println(
        "MediRelay media node up: signaling "
            + node.signalingUrl()
            + ", UDP port "
            + node.udpPort());
    stopped.await();
  }
}
