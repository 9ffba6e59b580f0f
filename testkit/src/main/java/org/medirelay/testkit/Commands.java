package org.medirelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the short-lived system commands (ip, iptables, tc, sysctl) that set up test networks: output
 * and error together, 30 s at most.
 */
final class Commands {

  private Commands() {}

  /** What a command printed and how it exited. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code command}; fails with its output unless it exits 0. Returns the output. */
  static String run(List<String> command) {
    return run(command, null);
  }

  /** Runs {@code command} with {@code input} on its stdin; fails unless it exits 0. */
  static String run(List<String> command, String input) {
    Result result = tryRun(command, input);
    if (!result.ok()) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (" + result.exitCode + "): " + result.output);
    }
    return result.output;
  }

  static Result tryRun(List<String> command) {
    return tryRun(command, null);
  }

  static Result tryRun(List<String> command, String input) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + " timed out");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
