package org.medirelay.token;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A verifier's view of the issuer's JWKS: cached, and fetched again when a token names a {@code
 * kid} it has not seen (the issuer rotated its key), but at most once per {@code
 * minRefetchInterval}, so a flood of forged kids cannot turn the verifier into a load generator
 * against the app.
 */
public final class JwksKeyCache implements JoinTokenKeys {

  private static final Logger LOG = Logger.getLogger(JwksKeyCache.class.getName());

  private final Supplier<String> fetchJwks;
  private final Clock clock;
  private final Duration minRefetchInterval;
  private volatile Map<String, PublicKey> keys = Map.of();
  private Instant lastFetch = Instant.MIN;

  /**
   * @param fetchJwks returns the JWKS document (usually an HTTP GET of {@code
   *     /.well-known/jwks.json})
   * @param clock time source
   * @param minRefetchInterval the least time between two fetches
   */
  public JwksKeyCache(Supplier<String> fetchJwks, Clock clock, Duration minRefetchInterval) {
    this.fetchJwks = fetchJwks;
    this.clock = clock;
    this.minRefetchInterval = minRefetchInterval;
  }

  @Override
  public Optional<PublicKey> find(String keyId) {
    PublicKey key = keys.get(keyId);
    if (key == null) {
      // Look again even when this call did not fetch: a concurrent caller may just have loaded the
      // key.
      refresh();
      key = keys.get(keyId);
    }
    return Optional.ofNullable(key);
  }

  /**
   * Fetches the JWKS unless it was fetched within the refetch interval; true when new keys were
   * loaded.
   */
  public synchronized boolean refresh() {
    Instant now = clock.instant();
    if (lastFetch != Instant.MIN && now.isBefore(lastFetch.plus(minRefetchInterval))) {
      return false;
    }
    lastFetch = now;
    try {
      keys = JsonWebKeySets.parse(fetchJwks.get());
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not load the join-token keys (JWKS): " + e.getMessage());
      return false;
    }
  }
}
