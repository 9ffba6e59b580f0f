package org.medirelay.testkit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A store that speaks the MongoDB wire protocol on a loopback port: mongo-java-server over H2, the
 * engine of the app's embedded store, standing in for the MongoDB that several app instances share
 * in production (no MongoDB server package exists on the test machines). Wire version 8, the least
 * the app's driver accepts, as the embedded store answers.
 */
public final class WireStore implements AutoCloseable {

  private final MongoServer server;

  private WireStore(H2Backend backend) {
    backend.version(ServerVersion.MONGO_5_0);
    server = new MongoServer(backend);
    server.bind(new InetSocketAddress("127.0.0.1", 0));
  }

  /** A store held in memory, gone when closed. */
  public static WireStore inMemory() {
    return new WireStore(H2Backend.inMemory());
  }

  /** A store kept in {@code file}, as the app's embedded store keeps its own. */
  public static WireStore inFile(Path file) {
    return new WireStore(new H2Backend(file.toString()));
  }

  /** The MONGO_URI of {@code database} in this store. */
  public String uri(String database) {
    return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + database;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
