package org.medirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Who may scrape the app's Prometheus metrics, with and without METRICS_TOKEN. */
class MetricsAccessTest {

  private static boolean allowed(String token, String remoteAddress, String authorization) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
    request.setRemoteAddr(remoteAddress);
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    return new MetricsAccess(new MetricsSettings(token))
        .authorize(() -> null, new RequestAuthorizationContext(request))
        .isGranted();
  }

  @Test
  void withoutATokenOnlyThisMachineMayScrape() {
    assertThat(allowed("", "127.0.0.1", null)).isTrue();
    assertThat(allowed("", "::1", null)).isTrue();
    assertThat(allowed("", "192.0.2.10", null)).isFalse();
    assertThat(allowed("", "192.0.2.10", "Bearer anything")).isFalse();
  }

  @Test
  void withATokenAScraperAnywhereMustSendIt() {
    assertThat(allowed("scrape-me", "192.0.2.10", "Bearer scrape-me")).isTrue();
    assertThat(allowed("scrape-me", "192.0.2.10", "bearer scrape-me")).isTrue();
    assertThat(allowed("scrape-me", "192.0.2.10", "Bearer wrong")).isFalse();
    assertThat(allowed("scrape-me", "127.0.0.1", null)).isFalse();
  }
}
