package org.medirelay.turn.log;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log lines that an attacker can make repeat (a refused connection, a failed accept, a rejected
 * credential) are written at most once per {@link #INTERVAL_MILLIS} for each kind; the next line of
 * that kind says how many were left out. The kinds are a handful of constants at the call sites,
 * never a client's address, so the state stays a few entries. Time comes from the injected clock.
 * Thread-safe: the relay loop and the TLS handshake thread share instances.
 */
public final class ThrottledLog {

  public static final long INTERVAL_MILLIS = 10_000;

  private final Logger logger;
  private final Clock clock;
  private final Map<String, long[]> kinds = new HashMap<>();

  public ThrottledLog(Logger logger, Clock clock) {
    this.logger = logger;
    this.clock = clock;
  }

  /** Writes the line unless one of this kind was written within the interval; then counts it. */
  public void log(Level level, String kind, Supplier<String> message) {
    log(level, kind, message, null);
  }

  /** As {@link #log(Level, String, Supplier)}, with the stack trace of {@code thrown}. */
  public void log(Level level, String kind, Supplier<String> message, Throwable thrown) {
    if (!logger.isLoggable(level)) {
      return;
    }
    long left;
    synchronized (kinds) {
      long now = clock.millis();
      long[] state = kinds.computeIfAbsent(kind, k -> new long[] {Long.MIN_VALUE, 0});
      if (state[0] != Long.MIN_VALUE && now - state[0] < INTERVAL_MILLIS && now >= state[0]) {
        state[1]++;
        return;
      }
      left = state[1];
      state[0] = now;
      state[1] = 0;
    }
    String line =
        left == 0
            ? message.get()
            : message.get() + " (and " + left + " more like this since the last such line)";
    logger.log(level, line, thrown);
  }

  /**
   * A client's string as it may go into a log line: control characters (a forged second line)
   * become '?', and it is cut at 64 characters.
   */
  public static String printable(String untrusted) {
    StringBuilder out = new StringBuilder(Math.min(untrusted.length(), 65));
    for (int i = 0; i < untrusted.length() && out.length() < 64; i++) {
      char c = untrusted.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return untrusted.length() > 64 ? out.append('…').toString() : out.toString();
  }

  /** {@code 192.0.2.1:3478} or {@code [2001:db8::1]:3478}, without the JDK's leading slash. */
  public static String address(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
