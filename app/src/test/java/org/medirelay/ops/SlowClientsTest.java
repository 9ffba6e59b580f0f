package org.medirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.springframework.beans.factory.annotation.Value;

/**
 * Slowloris, at a scale this machine carries: a few hundred loopback connections that start their
 * headers and never finish them. The app closes each at its header deadline
 * (server.tomcat.connection-timeout), and /health answers within a second all along. Prints the
 * figures.
 */
class SlowClientsTest extends AppTest {

  private static final int CLIENTS = 300;
  private static final Duration HEALTH_EVERY = Duration.ofMillis(250);
  private static final byte[] UNFINISHED =
      "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

  @Value("${server.tomcat.connection-timeout}")
  Duration deadline;

  /** One slow client: its connection and when it sent its last byte. */
  private record Slow(SocketChannel channel, long sentAt) {}

  @Test
  void connectionsThatNeverFinishTheirHeadersAreClosedAtTheDeadlineWhileHealthAnswers()
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    // Warm: the figures are about slow clients, not a first request's class loading.
    for (int i = 0; i < 5; i++) {
      assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
    List<Long> closedAfterMillis = new ArrayList<>();
    List<Long> healthMillis = new ArrayList<>();
    int healthFailures = 0;
    List<SocketChannel> opened = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < CLIENTS; i++) {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        opened.add(channel);
        channel.write(ByteBuffer.wrap(UNFINISHED));
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, new Slow(channel, System.nanoTime()));
      }
      long giveUp = System.nanoTime() + deadline.plusSeconds(10).toNanos();
      long nextHealth = System.nanoTime();
      ByteBuffer sink = ByteBuffer.allocate(4096);
      while (closedAfterMillis.size() < CLIENTS && System.nanoTime() < giveUp) {
        if (System.nanoTime() >= nextHealth) {
          long start = System.nanoTime();
          try {
            HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
            healthFailures += answer.statusCode() == 200 ? 0 : 1;
          } catch (IOException e) {
            healthFailures++;
          }
          healthMillis.add((System.nanoTime() - start) / 1_000_000);
          nextHealth = start + HEALTH_EVERY.toNanos();
        }
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          Slow slow = (Slow) key.attachment();
          if (closedByServer(slow.channel(), sink)) {
            closedAfterMillis.add((System.nanoTime() - slow.sentAt()) / 1_000_000);
            key.cancel();
            slow.channel().close();
          }
        }
        selector.selectedKeys().clear();
      }
    } finally {
      for (SocketChannel channel : opened) {
        channel.close();
      }
    }

    Collections.sort(closedAfterMillis);
    Collections.sort(healthMillis);
    System.out.printf(
        "slow clients: %d opened, %d closed by the app after %s ms (min/median/max;"
            + " connection-timeout %d ms); /health: %d checks, %d failed, %s ms (median/p95/max)%n",
        CLIENTS,
        closedAfterMillis.size(),
        figures(closedAfterMillis, 0.0, 0.5, 1.0),
        deadline.toMillis(),
        healthMillis.size(),
        healthFailures,
        figures(healthMillis, 0.5, 0.95, 1.0));

    assertThat(closedAfterMillis).hasSize(CLIENTS);
    // Closed by the deadline, not earlier for another reason and not much later.
    assertThat(closedAfterMillis.get(0)).isGreaterThanOrEqualTo(deadline.toMillis() - 500);
    assertThat(closedAfterMillis.get(CLIENTS - 1)).isLessThanOrEqualTo(deadline.toMillis() + 3000);
    assertThat(healthFailures).isZero();
    assertThat(healthMillis.size()).isGreaterThanOrEqualTo((int) (deadline.toSeconds() * 2));
    assertThat(healthMillis.get(healthMillis.size() - 1)).isLessThan(1000L);
  }

  /** Reads whatever the server sent (a 408 at most); true once it has closed the connection. */
  private static boolean closedByServer(SocketChannel channel, ByteBuffer sink) {
    try {
      int read;
      do {
        sink.clear();
        read = channel.read(sink);
      } while (read > 0);
      return read < 0;
    } catch (IOException reset) {
      return true;
    }
  }

  private static String figures(List<Long> sorted, double... quantiles) {
    List<String> values = new ArrayList<>();
    for (double q : quantiles) {
      values.add(
          sorted.isEmpty()
              ? "-"
              : String.valueOf(sorted.get((int) Math.min(sorted.size() - 1, q * sorted.size()))));
    }
    return String.join("/", values);
  }
}
