package org.medirelay.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.medirelay.testkit.Folders;

/**
 * Starts the app's JVMs faster: the app's jar unpacked beside it (Spring Boot's {@code
 * -Djarmode=tools extract}) with a class-data archive of the classes its startup loads (JDK CDS,
 * made by one training run that exits once the app has started, {@code spring.context.exit}), and
 * the JIT's first tier only. On this 2-core machine the app then answers /health in about 6 s
 * instead of 14, and the end-to-end tests start it about fifteen times. Made once per build of the
 * jar, in its target folder; when anything of it fails, the app runs from its jar as before.
 */
final class AppClassArchive {

  /** How to start the app: JVM options, and the jar to run. */
  record Launch(List<String> options, Path jar) {}

  private static Path preparedFor;
  private static Launch prepared;

  private AppClassArchive() {}

  /** How to start the app of {@code jar}, preparing its archive the first time. */
  static synchronized Launch of(Path jar) {
    if (!jar.equals(preparedFor)) {
      prepared = prepare(jar);
      preparedFor = jar;
    }
    return prepared;
  }

  private static Path folder(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling("cds-" + name.substring(0, name.length() - ".jar".length()));
  }

  private static Launch prepare(Path jar) {
    Path folder = folder(jar);
    Path unpacked = folder.resolve(jar.getFileName());
    Path archive = folder.resolve("app.jsa");
    List<String> options = List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1");
    try {
      if (Files.isRegularFile(archive)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return new Launch(options, unpacked);
      }
      Folders.deleteQuietly(folder);
      Files.createDirectories(folder);
      run(
          List.of(
              ServerProcess.java(),
              "-Djarmode=tools",
              "-jar",
              jar.toString(),
              "extract",
              "--force",
              "--destination",
              folder.toString()),
          Map.of(),
          folder);
      Path data = Files.createTempDirectory("mr-cds-training");
      try {
        run(
            List.of(
                ServerProcess.java(),
                "-XX:ArchiveClassesAtExit=" + archive,
                "-Dspring.context.exit=onRefresh",
                "-jar",
                unpacked.toString()),
            Map.of(
                "PORT", Integer.toString(ServerProcess.freeTcpPort()),
                "DATA_DIR", data.toString(),
                "CLIENT_BASE_URL", "http://127.0.0.1",
                "MEDIA_NODE_SECRET", UUID.randomUUID().toString(),
                "INTERNAL_SECRET", UUID.randomUUID().toString(),
                "ADMIN_EMAIL", "training@e2e.test",
                "ADMIN_PASSWORD", UUID.randomUUID().toString()),
            folder);
      } finally {
        Folders.deleteQuietly(data);
      }
      if (Files.isRegularFile(archive)) {
        return new Launch(options, unpacked);
      }
      System.err.println("no class-data archive made for " + jar + "; the app starts from its jar");
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "no class-data archive for " + jar + " (" + e + "); the app starts from its jar");
    }
    return new Launch(List.of(), jar);
  }

  /** Runs {@code command} to its end (at most 3 minutes), its output in {@code folder}. */
  private static void run(List<String> command, Map<String, String> env, Path folder)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(folder.resolve("training.log").toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(command.get(1) + " did not finish within 3 minutes");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
