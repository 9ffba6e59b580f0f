package org.medirelay.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

/**
 * Another program on this machine that finds the embedded store's loopback port gets nothing from
 * it without this start's secret: not the users, not a write. The data folder and every file in it
 * are the owner's only.
 */
class EmbeddedStoreAccessTest extends AppTest {

  private static final Set<PosixFilePermission> OTHERS =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  @Autowired MongoConnectionDetails store;
  @Autowired DataDirectory data;

  @Test
  void aClientWithoutTheSecretCanNeitherReadNorWrite() {
    register("patient"); // so there is a user to steal
    withClient(
        null,
        db -> {
          assertRefused(() -> db.listCollectionNames().into(new ArrayList<>()));
          assertRefused(() -> db.getCollection("users").find().first());
          assertRefused(() -> db.getCollection("users").insertOne(new Document("role", "ADMIN")));
          assertRefused(() -> db.runCommand(new Document("serverStatus", 1).append("repl", 0)));
          // What anyone may do: the handshake and ping.
          assertThat(db.runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
        });
  }

  @Test
  void aWrongSecretOrAnotherMechanismIsRefusedAtSignIn() {
    String user = StoreLogin.USER;
    for (MongoCredential guess :
        List.of(
            MongoCredential.createPlainCredential(user, "$external", "guess".toCharArray()),
            MongoCredential.createScramSha256Credential(user, "admin", "guess".toCharArray()))) {
      withClient(
          guess,
          db ->
              assertThatThrownBy(() -> db.getCollection("users").find().first())
                  .isInstanceOf(MongoSecurityException.class));
    }
  }

  @Test
  void legacyQueriesWithoutSigningInAreRefused() throws IOException {
    register("patient");
    BsonDocument all = new BsonDocument();
    try (Socket socket = storeSocket()) {
      socket.getOutputStream().write(opQuery("medirelay.users", all));
      // The server hangs up on this old opcode's refusal; a reply, if any, must be a failure.
      Optional<byte[]> reply = readMessage(socket.getInputStream());
      reply.ifPresent(r -> assertThat(flags(r) & 2).as("QueryFailure flag").isEqualTo(2));
      assertThat(reply.map(EmbeddedStoreAccessTest::text).orElse("")).doesNotContain("email");
    }
    // The same query on a connection that signed in first gets the users: the sign-in made the
    // difference.
    char[] secret = ((EmbeddedMongoStore) store).credential().getPassword();
    byte[] plain = ("\0" + StoreLogin.USER + "\0" + new String(secret)).getBytes(UTF_8);
    BsonDocument signIn =
        new BsonDocument("saslStart", new BsonInt32(1))
            .append("mechanism", new BsonString("PLAIN"))
            .append("payload", new BsonBinary(plain));
    try (Socket socket = storeSocket()) {
      socket.getOutputStream().write(opQuery("$external.$cmd", signIn));
      assertThat(text(readMessage(socket.getInputStream()).orElseThrow())).contains("done");
      socket.getOutputStream().write(opQuery("medirelay.users", all));
      byte[] users = readMessage(socket.getInputStream()).orElseThrow();
      assertThat(flags(users) & 2).isZero();
      assertThat(text(users)).contains("email");
    }
  }

  @Test
  void theDataFolderAndItsFilesAreTheOwnersOnly() throws IOException {
    register("doctor");
    Path root = data.resolve("");
    try (Stream<Path> tree = Files.walk(root)) {
      List<Path> entries = tree.toList();
      assertThat(entries)
          .extracting(Path::getFileName)
          .map(String::valueOf)
          .contains("medirelay.mv.db", "access-token.key", "join-token-es256.pem");
      for (Path entry : entries) {
        assertThat(Files.getPosixFilePermissions(entry))
            .as(entry + " " + Files.getPosixFilePermissions(entry))
            .doesNotContainAnyElementsOf(OTHERS);
      }
    }
  }

  private void withClient(MongoCredential credential, Consumer<MongoDatabase> use) {
    MongoClientSettings.Builder settings =
        MongoClientSettings.builder()
            .applyConnectionString(store.getConnectionString())
            .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS));
    if (credential != null) {
      settings.credential(credential);
    }
    try (MongoClient client = MongoClients.create(settings.build())) {
      use.accept(client.getDatabase(EmbeddedMongoStore.DATABASE));
    }
  }

  private static void assertRefused(Runnable operation) {
    assertThatThrownBy(operation::run)
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(13));
  }

  private Socket storeSocket() throws IOException {
    String[] hostPort = store.getConnectionString().getHosts().get(0).split(":");
    Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** An OP_QUERY (opcode 2004), the wire's oldest read; on {@code db.$cmd} it runs a command. */
  private static byte[] opQuery(String collection, BsonDocument document) {
    byte[] query = documentBytes(document);
    byte[] name = (collection + "\0").getBytes(UTF_8);
    ByteBuffer message =
        ByteBuffer.allocate(16 + 4 + name.length + 8 + query.length).order(ByteOrder.LITTLE_ENDIAN);
    message.putInt(message.capacity()).putInt(1).putInt(0).putInt(2004);
    message.putInt(0).put(name).putInt(0).putInt(10).put(query);
    return message.array();
  }

  private static int flags(byte[] reply) {
    return ByteBuffer.wrap(reply, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private static String text(byte[] reply) {
    return new String(reply, StandardCharsets.ISO_8859_1);
  }

  private static byte[] documentBytes(BsonDocument document) {
    RawBsonDocument raw = new RawBsonDocument(document, new BsonDocumentCodec());
    byte[] bytes = new byte[raw.getByteBuffer().remaining()];
    raw.getByteBuffer().get(bytes);
    return bytes;
  }

  /** One wire message, or nothing if the server closed the connection instead. */
  private static Optional<byte[]> readMessage(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] length = new byte[4];
    try {
      data.readFully(length);
    } catch (EOFException closed) {
      return Optional.empty();
    }
    int size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] message = new byte[size];
    System.arraycopy(length, 0, message, 0, 4);
    data.readFully(message, 4, size - 4);
    return Optional.of(message);
  }
}
