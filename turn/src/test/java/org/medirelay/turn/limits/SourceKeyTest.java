package org.medirelay.turn.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceKeyTest {

  @Test
  void anIpv6ClientCountsByItsSlash64AndAnIpv4ClientByItsAddress() throws Exception {
    SourceKey one = SourceKey.of(InetAddress.getByName("2001:db8:1:2::1"));
    SourceKey sameLan = SourceKey.of(InetAddress.getByName("2001:db8:1:2:dead:beef:0:7"));
    SourceKey otherLan = SourceKey.of(InetAddress.getByName("2001:db8:1:3::1"));

    assertThat(one).isEqualTo(sameLan).isNotEqualTo(otherLan);
    assertThat(one).hasToString("2001:db8:1:2:0:0:0:0/64");
    assertThat(SourceKey.of(InetAddress.getByName("192.0.2.7")))
        .isNotEqualTo(SourceKey.of(InetAddress.getByName("192.0.2.8")))
        .hasToString("192.0.2.7");
  }

  @Test
  void aQuotaCountsWhatEachKeyHoldsAndForgetsKeysThatHoldNothing() {
    Quota<String> quota = new Quota<>(2);
    quota.add("alice");
    quota.add("alice");
    assertThat(quota.admits("alice")).isFalse();
    assertThat(quota.admits("bob")).isTrue();
    quota.remove("alice");
    assertThat(quota.admits("alice")).isTrue();
    quota.remove("alice");
    quota.remove("alice");
    assertThat(quota.held("alice")).isZero();
    assertThat(new Quota<String>(0).admits("anyone")).isTrue();
  }
}
