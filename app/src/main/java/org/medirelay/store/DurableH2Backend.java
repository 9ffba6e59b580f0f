package org.medirelay.store;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * An H2 backend that commits the MVStore after every command that changes data. The stock backend
 * leaves commits to MVStore's background writer (once a second), so a {@code kill -9} could lose
 * the last second of bookings; after an explicit commit the data is in the file (the OS page
 * cache), which survives the process dying.
 *
 * <p>It also answers {@code hello}, the modern name of {@code isMaster} that mongo-java-server 1.47
 * does not know and Spring Boot's Mongo health indicator sends.
 *
 * <p>Every way in is gated by {@link StoreLogin}: commands (OP_MSG, and OP_QUERY on {@code $cmd}),
 * legacy queries and {@code currentOp}. What the wire handler answers by itself ({@code ping},
 * {@code serverStatus}) holds no data.
 */
final class DurableH2Backend extends H2Backend {

  private static final Set<String> WRITES =
      Set.of(
          "insert",
          "update",
          "delete",
          "findandmodify",
          "createindexes",
          "dropindexes",
          "drop",
          "create",
          "dropdatabase",
          "renamecollection");

  private final StoreLogin login;

  DurableH2Backend(String fileName, StoreLogin login) {
    super(fileName);
    this.login = login;
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (StoreLogin.isSignIn(command)) {
      return login.signIn(channel, query);
    }
    login.requireSignedIn(channel, command);
    if (command.equalsIgnoreCase("hello")) {
      Document response = super.handleCommand(channel, databaseName, "ismaster", query);
      response.put("isWritablePrimary", Boolean.TRUE);
      return response;
    }
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
        commit();
      }
    }
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    login.requireSignedIn(query.getChannel(), "find");
    return super.handleQuery(query);
  }

  @Override
  public Collection<Document> getCurrentOperations(MongoQuery query) {
    login.requireSignedIn(query.getChannel(), "currentOp");
    return super.getCurrentOperations(query);
  }
}
