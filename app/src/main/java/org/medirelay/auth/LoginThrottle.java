package org.medirelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medirelay.config.MediRelaySettings;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after too many failed logins within a window, for one account or from one address, further
 * attempts are refused until the oldest counted failure leaves the window. Only failures count, so a clinic's many
 * users behind one NAT address are not locked out by their own successful sign-ins. Kept in memory: a restart resets
 * it, which costs an attacker a restart they cannot cause.
 */
@Component
public class LoginThrottle {

  /** Bounds memory when someone sprays logins over many emails or addresses. */
  private static final int MAX_TRACKED_KEYS = 100_000;

  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration window;
  private final int maxPerAccount;
  private final int maxPerAddress;

  public LoginThrottle(MediRelaySettings settings, Clock clock) {
    this.clock = clock;
    this.window = settings.getLoginFailureWindow();
    this.maxPerAccount = settings.getLoginMaxFailuresPerAccount();
    this.maxPerAddress = settings.getLoginMaxFailuresPerAddress();
  }

  /** How long the caller must wait before trying again, or empty when an attempt is allowed now. */
  public Optional<Duration> blockedFor(String email, String address) {
    Instant now = clock.instant();
    Optional<Duration> account = blockedFor("account:" + email, maxPerAccount, now);
    Optional<Duration> source = blockedFor("address:" + address, maxPerAddress, now);
    if (account.isPresent() && source.isPresent()) {
      return Optional.of(account.get().compareTo(source.get()) > 0 ? account.get() : source.get());
    }
    return account.isPresent() ? account : source;
  }

  public void recordFailure(String email, String address) {
    Instant now = clock.instant();
    if (failures.size() > MAX_TRACKED_KEYS) {
      failures.values().removeIf(times -> expired(times, now));
    }
    add("account:" + email, now);
    add("address:" + address, now);
  }

  /** A successful login clears the account's failures (not the address's: one right password elsewhere proves little). */
  public void recordSuccess(String email) {
    failures.remove("account:" + email);
  }

  private void add(String key, Instant now) {
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      prune(times, now);
      times.addLast(now);
    }
  }

  private Optional<Duration> blockedFor(String key, int max, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Optional.empty();
    }
    synchronized (times) {
      prune(times, now);
      if (times.size() < max) {
        return Optional.empty();
      }
      // The block lifts when enough failures have aged out to leave room for one more attempt.
      Instant[] ordered = times.toArray(Instant[]::new);
      Instant freedAt = ordered[times.size() - max].plus(window);
      return Optional.of(Duration.between(now, freedAt));
    }
  }

  private void prune(Deque<Instant> times, Instant now) {
    Instant oldestCounted = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldestCounted)) {
      times.pollFirst();
    }
  }

  private boolean expired(Deque<Instant> times, Instant now) {
    synchronized (times) {
      prune(times, now);
      return times.isEmpty();
    }
  }
}
