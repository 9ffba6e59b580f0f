package org.medirelay.token;

import java.security.PublicKey;
import java.util.Optional;

/**
 * Finds the public key for a join token's {@code kid}: the app's own key ring, or a media node's
 * JWKS cache.
 */
@FunctionalInterface
public interface JoinTokenKeys {
  Optional<PublicKey> find(String keyId);
}
