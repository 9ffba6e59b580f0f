package org.medirelay.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of MediRelay's servers started from its built jar as its own JVM, the way an operator runs
 * it: configured only through environment variables, output captured in a log file that a failing
 * test points to. The app starts from its jar unpacked, with a class-data archive ({@link
 * AppClassArchive}), as Spring Boot's efficient deployments run it.
 */
final class ServerProcess implements AutoCloseable {

  /** The project's checkout (Maven passes it as {@code medirelay.root}): jars, scripts, pages. */
  static final Path ROOT = Path.of(System.getProperty("medirelay.root", ".."));

  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code module}'s runnable jar (built by the reactor before this module's tests) with
   * {@code env}.
   */
  static ServerProcess start(String module, Map<String, String> env, Path workDir)
      throws IOException {
    return start(module, env, List.of(), workDir);
  }

  /** Starts {@code module}'s runnable jar with {@code env} and command-line {@code options}. */
  static ServerProcess start(
      String module, Map<String, String> env, List<String> options, Path workDir)
      throws IOException {
    Path jar =
        ROOT.resolve(module)
            .resolve("target")
            .resolve(
                "medirelay-" + module + "-" + System.getProperty("medirelay.version") + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build with 'mvn verify' from the project root");
    }
    Path log = workDir.resolve(module + ".log");
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
    if (module.equals("app")) {
      AppClassArchive.Launch launch = AppClassArchive.of(jar);
      command.addAll(launch.options());
      jar = launch.jar();
    }
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            // Appended: a server started again in the same folder keeps its first run's lines.
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new ServerProcess(module, builder.start(), log);
  }

  /**
   * Waits until {@code url} answers 200, failing early (with the log's tail) if the process dies.
   */
  void awaitHttpOk(URI url, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        name + " did not answer " + url + " within " + timeout + ":\n" + tail());
  }

  /** Every line of the server's output so far. */
  List<String> lines() {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The last lines of the server's output, for failure messages. */
  String tail() {
    try {
      var lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Kills the server as a crash would (SIGKILL: no shutdown hook runs) and waits until it is gone.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** The java command of the JDK running the tests. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
