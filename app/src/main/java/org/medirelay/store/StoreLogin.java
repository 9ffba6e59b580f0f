package org.medirelay.store;

import com.mongodb.MongoCredential;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the embedded store: only a connection that has signed in with the secret this process
 * drew at start. mongo-java-server has no authentication of its own and its port is on loopback,
 * where every local account can connect; without this, any of them could read password hashes and
 * appointment reasons, or make itself admin.
 *
 * <p>Why a secret and not an owner-only Unix socket: mongo-java-server only listens on TCP, and the
 * Mongo driver reaches Unix sockets only through a native library (jnr-unixsocket) we would have to
 * add. The secret needs neither: it is drawn fresh at every start, lives only in this process's
 * memory (never in a file, the environment or a log), and the driver presents it with the standard
 * SASL {@code PLAIN} mechanism ({@code saslStart}, RFC 4616), which this class answers. Plain text
 * is no weakness here: the connection never leaves loopback, which other users cannot read.
 *
 * <p>Before signing in, a connection may only do what a MongoDB server allows anyone: the handshake
 * ({@code hello}) and {@code ping}, which the driver's monitor sends without credentials.
 * Everything else fails with MongoDB's own {@code Unauthorized} error (code 13).
 */
final class StoreLogin {

  static final String USER = "medirelay";

  /** RFC 4616 PLAIN credentials are checked by the server named in {@code $external}. */
  private static final String SOURCE = "$external";

  private static final Set<String> BEFORE_SIGN_IN = Set.of("hello", "ismaster", "ping");
  private static final AttributeKey<Boolean> SIGNED_IN =
      AttributeKey.valueOf(StoreLogin.class, "signedIn");

  private final String secret;

  private StoreLogin(String secret) {
    this.secret = secret;
  }

  static StoreLogin drawn(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new StoreLogin(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** What the app's Mongo client signs in with; its {@code toString} hides the password. */
  MongoCredential credential() {
    return MongoCredential.createPlainCredential(USER, SOURCE, secret.toCharArray());
  }

  /** Whether this command is {@code saslStart}, which {@link #signIn} answers. */
  static boolean isSignIn(String command) {
    return command.equalsIgnoreCase("saslStart");
  }

  /**
   * Answers {@code saslStart}: the payload is {@code [authzid] NUL authcid NUL passwd}. A single
   * step, so the answer says {@code done}.
   */
  Document signIn(Channel channel, Document command) {
    if (!"PLAIN".equals(command.get("mechanism"))
        || !(command.get("payload") instanceof BinData payload)
        || !matches(payload.getData())) {
      throw new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
    }
    channel.attr(SIGNED_IN).set(Boolean.TRUE);
    Document answer = new Document();
    answer.put("conversationId", 1);
    answer.put("done", Boolean.TRUE);
    answer.put("payload", new BinData(new byte[0]));
    answer.put("ok", 1.0);
    return answer;
  }

  /** Refuses every command but the handshake until the connection has signed in. */
  void requireSignedIn(Channel channel, String command) {
    if (Boolean.TRUE.equals(channel.attr(SIGNED_IN).get())
        || BEFORE_SIGN_IN.contains(command.toLowerCase(Locale.ROOT))) {
      return;
    }
    throw new MongoServerError(
        13, "Unauthorized", "command " + command + " requires authentication");
  }

  private boolean matches(byte[] payload) {
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\0", -1);
    if (parts.length != 3 || !parts[1].equals(USER)) {
      return false;
    }
    if (!parts[0].isEmpty() && !parts[0].equals(USER)) {
      return false;
    }
    // Constant time: how long the comparison takes says nothing about how much of a guess was
    // right.
    return MessageDigest.isEqual(
        parts[2].getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }
}
