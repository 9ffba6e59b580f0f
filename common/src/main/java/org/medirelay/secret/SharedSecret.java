package org.medirelay.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret shared with another machine (the clinic backend's INTERNAL_SECRET, the media nodes'
 * MEDIA_NODE_SECRET, a metrics scraper's token). Comparison hashes both sides first and compares
 * the digests in constant time, so neither the content nor the length of the configured secret
 * leaks through response timing. An empty configured secret matches nothing.
 */
public final class SharedSecret {

  private final byte[] digest;

  public SharedSecret(String configured) {
    this.digest = configured == null || configured.isEmpty() ? null : sha256(configured);
  }

  public boolean configured() {
    return digest != null;
  }

  public boolean matches(String presented) {
    if (digest == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(presented));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
