package org.medirelay.limit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

/**
 * Small records that every app instance reads and changes (a rate limit's recent events, an
 * account's failed sign-ins), kept in the store so that instances behind a load balancer count as
 * one. Each change is a compare-and-set: read the record and its version, compute the new content,
 * and replace it only while the version is still the one read (or insert it when there was none,
 * which the unique {@code _id} lets one instance win); whoever loses reads again and recomputes.
 * This needs nothing but single-document atomicity, which MongoDB and the embedded store both give.
 *
 * <p>A record carries its expiry ({@link #EXPIRES_AT}): an expired one reads as absent. MongoDB
 * deletes it through a TTL index; mongo-java-server has no TTL indexes, so each instance also
 * deletes expired records itself, at most once every {@link #PRUNE_EVERY}.
 */
@Component
public class SharedRecords {

  /** Every record's expiry; a record without one never expires. */
  public static final String EXPIRES_AT = "expiresAt";

  static final String COLLECTION = "shared_limits";
  private static final String ID = "_id";
  private static final String VERSION = "version";
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  /** Contention is per record (one account, one address); this many lost races is a fault. */
  private static final int MAX_ATTEMPTS = 100;

  private final MongoCollection<Document> records;
  private final Clock clock;
  private final AtomicReference<Instant> nextPrune;

  public SharedRecords(MongoOperations mongo, Clock clock) {
    this.records = mongo.getCollection(COLLECTION);
    this.clock = clock;
    this.nextPrune = new AtomicReference<>(clock.instant());
    records.createIndex(
        Indexes.ascending(EXPIRES_AT), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
  }

  /** The content of a record, or empty when there is none or it has expired. */
  public Optional<Document> read(String id) {
    return Optional.ofNullable(records.find(Filters.eq(ID, id)).first())
        .filter(stored -> !expired(stored, clock.instant()))
        .map(SharedRecords::content);
  }

  /**
   * Changes a record: {@code change} gets its content (empty when there is none or it has expired)
   * and returns the new content, its expiry under {@link #EXPIRES_AT}, or null to leave it as it
   * is. {@code change} may run more than once, when another instance changed the record meanwhile,
   * so it reads the clock itself. Returns the content the record holds after this change.
   */
  public Document update(String id, UnaryOperator<Document> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Document stored = records.find(Filters.eq(ID, id)).first();
      Instant now = clock.instant();
      Document current = stored == null || expired(stored, now) ? new Document() : content(stored);
      Document next = change.apply(new Document(current));
      if (next == null) {
        return current;
      }
      if (stored == null ? inserted(id, next) : replaced(stored, next)) {
        pruneExpired(now);
        return next;
      }
    }
    throw new IllegalStateException(
        "record " + id + " kept changing under " + MAX_ATTEMPTS + " attempts to update it");
  }

  /**
   * Creates a record that expires at {@code expiresAt} unless one exists: true for the one caller,
   * of any instance, that created it.
   */
  public boolean createOnce(String id, Instant expiresAt) {
    boolean[] created = {false};
    update(
        id,
        current -> {
          created[0] = current.isEmpty();
          return created[0] ? new Document(EXPIRES_AT, Date.from(expiresAt)) : null;
        });
    return created[0];
  }

  public void delete(String id) {
    records.deleteOne(Filters.eq(ID, id));
  }

  private boolean inserted(String id, Document content) {
    try {
      records.insertOne(new Document(content).append(ID, id).append(VERSION, 1L));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  private boolean replaced(Document stored, Document content) {
    long version = stored.get(VERSION, Number.class).longValue();
    Bson unchanged = Filters.and(Filters.eq(ID, stored.get(ID)), Filters.eq(VERSION, version));
    Document replacement =
        new Document(content).append(ID, stored.get(ID)).append(VERSION, version + 1);
    return records.replaceOne(unchanged, replacement).getMatchedCount() == 1;
  }

  private void pruneExpired(Instant now) {
    Instant due = nextPrune.get();
    if (now.isBefore(due) || !nextPrune.compareAndSet(due, now.plus(PRUNE_EVERY))) {
      return;
    }
    records.deleteMany(Filters.lte(EXPIRES_AT, Date.from(now)));
  }

  private static boolean expired(Document stored, Instant now) {
    Date expiresAt = stored.getDate(EXPIRES_AT);
    return expiresAt != null && !expiresAt.toInstant().isAfter(now);
  }

  private static Document content(Document stored) {
    Document content = new Document(stored);
    content.remove(ID);
    content.remove(VERSION);
    return content;
  }
}
