package org.medirelay.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

/**
 * The store used when MONGO_URI is not set: mongo-java-server speaking the MongoDB wire protocol on
 * a loopback ephemeral port, backed by an H2 MVStore file in the data folder. Spring's Mongo client
 * connects to it like to any MongoDB, signed in with this start's {@link StoreLogin} secret (see
 * {@link #credential}); any other client on the machine is refused. Being a {@link
 * MongoConnectionDetails} bean makes the client depend on it, so the server starts before the
 * client and is closed after it.
 */
public final class EmbeddedMongoStore implements MongoConnectionDetails, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoStore.class);
  static final String DATABASE = "medirelay";

  private final MongoServer server;
  private final ConnectionString connectionString;
  private final StoreLogin login = StoreLogin.drawn(new SecureRandom());

  public EmbeddedMongoStore(Path file) {
    DurableH2Backend backend = new DurableH2Backend(file.toString(), login);
    // Wire version 8 (the server calls itself "5.0" but answers as 4.2 does) is exactly the minimum
    // that the Mongo Java driver 5.8 managed by Spring Boot 4.1 accepts
    // (ServerDescription.MIN_DRIVER_WIRE_VERSION = 8), so no driver override is needed. A driver
    // that raises its minimum fails at connect time, and every app test with it.
    backend.version(ServerVersion.MONGO_5_0);
    this.server = new MongoServer(backend);
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    InetSocketAddress address = server.getLocalAddress();
    this.connectionString =
        new ConnectionString("mongodb://127.0.0.1:" + address.getPort() + "/" + DATABASE);
    // No port in the log: it is of use to no one but this process, which signs in by itself.
    LOG.info("Embedded store {} open (loopback, this process only)", file);
  }

  /**
   * The credential this start's client signs in with. Kept out of the connection string, whose
   * {@code toString} would show a password.
   */
  public MongoCredential credential() {
    return login.credential();
  }

  @Override
  public ConnectionString getConnectionString() {
    return connectionString;
  }

  @Override
  public void close() {
    // shutdownNow closes client connections and then the backend, which writes and closes the
    // MVStore file.
    server.shutdownNow();
    LOG.info("Embedded store closed");
  }
}
