package org.medirelay.media.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How long the node remembers whom a host let in or removed: the call, and a while after it
 * emptied.
 */
class AdmissionsTest {

  private long now;
  private final Admissions admissions = new Admissions(() -> now);

  @Test
  void anAdmissionLastsWhileTheCallHasPeopleAndAWhileAfterItEmptied() {
    admissions.admit("s1", "pat");
    now += TimeUnit.HOURS.toNanos(2);
    admissions.forgetStale();
    assertThat(admissions.admitted("s1", "pat")).as("the call still has people").isTrue();
    assertThat(admissions.admitted("s1", "gus")).isFalse();
    assertThat(admissions.admitted("s2", "pat")).isFalse();

    admissions.emptied("s1");
    now += Admissions.KEPT_AFTER_EMPTY_NANOS;
    admissions.forgetStale();
    assertThat(admissions.admitted("s1", "pat")).as("everyone dropped at once").isTrue();
    admissions.occupied("s1");
    now += Admissions.KEPT_AFTER_EMPTY_NANOS * 3;
    admissions.forgetStale();
    assertThat(admissions.admitted("s1", "pat")).as("back in the call").isTrue();

    admissions.emptied("s1");
    now += Admissions.KEPT_AFTER_EMPTY_NANOS + 1;
    admissions.forgetStale();
    assertThat(admissions.admitted("s1", "pat")).isFalse();
    assertThat(admissions.sessions()).isZero();
  }

  @Test
  void aRemovalHoldsUntilAHostAdmitsThemAgainAndGoesWithTheCall() {
    admissions.admit("s1", "gus");
    admissions.remove("s1", "gus");
    assertThat(admissions.admitted("s1", "gus")).isFalse();
    assertThat(admissions.removed("s1", "gus")).isTrue();
    assertThat(admissions.removed("s2", "gus")).as("another session").isFalse();

    admissions.admit("s1", "gus");
    assertThat(admissions.removed("s1", "gus")).isFalse();
    assertThat(admissions.admitted("s1", "gus")).isTrue();

    admissions.remove("s1", "gus");
    admissions.forget("s1");
    assertThat(admissions.removed("s1", "gus")).as("the host ended the call").isFalse();
  }

  @Test
  void aCallTheHostEndedForgetsItsAdmissions() {
    admissions.admit("s1", "pat");
    admissions.admit("s2", "pat");
    admissions.forget("s1");
    assertThat(admissions.admitted("s1", "pat")).isFalse();
    assertThat(admissions.admitted("s2", "pat")).isTrue();
  }
}
