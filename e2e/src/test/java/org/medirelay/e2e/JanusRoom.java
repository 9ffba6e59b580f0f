package org.medirelay.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.ExternalTool;
import tools.jackson.databind.JsonNode;

/**
 * Janus VideoRoom beside the media node, for {@link QualityBench}: bench/media's {@code
 * janus-room.mjs} starts Janus (Debian's {@code janus}) listening on {@code address} and creates
 * one room; {@link #page(String)} is bench/quality's page that calls through it. Closing stops
 * Janus.
 */
final class JanusRoom implements AutoCloseable {

  private final Process process;
  private final String url;
  private final int room;
  final String version;

  private JanusRoom(Process process, JsonNode started) {
    this.process = process;
    this.url = started.get("url").asString();
    this.room = started.get("room").asInt();
    this.version = started.get("version").asString();
  }

  /** Janus with its WebSocket API and its ICE on {@code address}, and a room on it. */
  static JanusRoom start(InetAddress address) throws IOException {
    Path node = ExternalTool.require("node", "nodejs");
    ExternalTool.require("janus", "janus");
    ProcessBuilder builder =
        new ProcessBuilder(node.toString(), "janus-room.mjs")
            .directory(ServerProcess.ROOT.resolve("bench").resolve("media").toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("JANUS_WS_IP", address.getHostAddress());
    builder.environment().put("JANUS_ICE_ADDRESS", address.getHostAddress());
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) {
      process.destroyForcibly();
      throw new IOException("janus-room.mjs ended without starting Janus (its errors are above)");
    }
    return new JanusRoom(process, AppApi.JSON.readTree(line));
  }

  /** bench/quality's page that joins the room as {@code name}, as a file URL. */
  String page(String name) {
    Path page = ServerProcess.ROOT.resolve("bench").resolve("quality").resolve("janus-call.html");
    return page.toAbsolutePath().normalize().toUri()
        + "#ws="
        + URLEncoder.encode(url, StandardCharsets.UTF_8)
        + "&room="
        + room
        + "&name="
        + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
