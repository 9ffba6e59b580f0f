package org.medirelay.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
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

  DurableH2Backend(String fileName) {
    super(fileName);
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
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
}
