package org.medirelay.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.ArrayList;
import java.util.List;
import org.medirelay.testkit.WireStore;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A {@link WireStore} in memory and clients of it, for tests of one class that keeps its state in
 * the store: each {@link #client()} is a connection of its own, as another instance of the app has.
 */
public final class WireStoreClients implements AutoCloseable {

  private final WireStore store = WireStore.inMemory();
  private final List<MongoClient> clients = new ArrayList<>();

  public MongoOperations client() {
    MongoClient client = MongoClients.create(store.uri("medirelay"));
    clients.add(client);
    return new MongoTemplate(client, "medirelay");
  }

  @Override
  public void close() {
    clients.forEach(MongoClient::close);
    store.close();
  }
}
