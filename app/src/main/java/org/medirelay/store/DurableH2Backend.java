package org.medirelay.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Set;

/**
 * An H2 backend that commits the MVStore after every command that changes data. The stock backend leaves commits to
 * MVStore's background writer (once a second), so a {@code kill -9} could lose the last second of bookings; after an
 * explicit commit the data is in the file (the OS page cache), which survives the process dying.
 */
final class DurableH2Backend extends H2Backend {

  private static final Set<String> WRITES =
      Set.of(
          "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop", "create",
          "dropdatabase", "renamecollection");

  DurableH2Backend(String fileName) {
    super(fileName);
  }

  @Override
  public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      if (WRITES.contains(command.toLowerCase(java.util.Locale.ROOT))) {
        commit();
      }
    }
  }
}
