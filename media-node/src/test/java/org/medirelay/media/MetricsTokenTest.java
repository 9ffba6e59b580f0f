package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With MEDIA_METRICS_TOKEN set, the node's metrics go only to a scraper that sends it, even on this
 * machine.
 */
class MetricsTokenTest {

  @Test
  void metricsNeedTheConfiguredBearerToken() throws Exception {
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer, Map.of("MEDIA_METRICS_TOKEN", "scrape-token"))) {
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + node.signalingPort() + "/metrics");
      HttpResponse<String> without =
          http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(without.body()).contains("MEDIA_METRICS_TOKEN");
      HttpResponse<String> wrong =
          http.send(
              HttpRequest.newBuilder(metrics).header("Authorization", "Bearer nope").build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(401);
      HttpResponse<String> with =
          http.send(
              HttpRequest.newBuilder(metrics)
                  .header("Authorization", "Bearer scrape-token")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(with.statusCode()).isEqualTo(200);
      assertThat(with.body()).contains("medirelay_media_participants");
      // The node ends each HTTP exchange and says so, so a scraper's next request opens a fresh
      // connection.
      assertThat(with.headers().firstValue("Connection")).hasValue("close");
    }
  }
}
