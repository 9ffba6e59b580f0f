package org.medirelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.medirelay.ratelimit.SlidingWindowLimiter;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing and account spraying. Sign-in: after too many failures within a window,
 * for one account or from one address, attempts are refused until the oldest counted failure leaves
 * the window; only failures count, so a clinic's many users behind one NAT address are not locked
 * out by their own successful sign-ins. Registration: a cap per address, since each new account
 * costs an Argon2 hash and a stored record. Each limiter is in memory and bounded in the keys it
 * tracks, so spraying many emails or addresses costs the server little.
 */
@Component
public class LoginThrottle {

  private final SlidingWindowLimiter failuresPerAccount;
  private final SlidingWindowLimiter failuresPerAddress;
  private final SlidingWindowLimiter registrationsPerAddress;

  public LoginThrottle(LoginThrottleSettings settings, Clock clock) {
    Duration window = settings.loginFailureWindow();
    this.failuresPerAccount =
        new SlidingWindowLimiter(clock, window, settings.loginMaxFailuresPerAccount());
    this.failuresPerAddress =
        new SlidingWindowLimiter(clock, window, settings.loginMaxFailuresPerAddress());
    this.registrationsPerAddress =
        new SlidingWindowLimiter(
            clock, Duration.ofHours(1), settings.registrationsPerAddressPerHour());
  }

  /**
   * How long the caller must wait before trying to sign in again, or empty when an attempt is
   * allowed now.
   */
  public Optional<Duration> loginBlockedFor(String email, String address) {
    Optional<Duration> account = failuresPerAccount.blockedFor(email);
    Optional<Duration> source = failuresPerAddress.blockedFor(address);
    if (account.isPresent() && source.isPresent()) {
      return Optional.of(account.get().compareTo(source.get()) > 0 ? account.get() : source.get());
    }
    return account.isPresent() ? account : source;
  }

  public void recordLoginFailure(String email, String address) {
    failuresPerAccount.record(email);
    failuresPerAddress.record(address);
  }

  /**
   * A successful login clears the account's failures (not the address's: one right password proves
   * little).
   */
  public void recordLoginSuccess(String email) {
    failuresPerAccount.forget(email);
  }

  public Optional<Duration> registrationBlockedFor(String address) {
    return registrationsPerAddress.blockedFor(address);
  }

  public void recordRegistration(String address) {
    registrationsPerAddress.record(address);
  }
}
