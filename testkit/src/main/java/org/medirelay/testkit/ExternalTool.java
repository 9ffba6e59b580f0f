package org.medirelay.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an operating-system tool (Chromium, coturn's turnutils_uclient, iptables) that a test
 * drives for real.
 *
 * <p>On a developer machine a missing tool skips the test and says which Debian package provides
 * it. Under {@code CI=true} a missing tool fails the test: CI installs every tool in {@code
 * .ci/run}, so a missing one is a broken build, not a reason to pass quietly.
 */
public final class ExternalTool {

  private ExternalTool() {}

  /**
   * Returns the absolute path of {@code command}, or skips/fails the calling test when it is not
   * installed.
   */
  public static Path require(String command, String debianPackage) {
    Optional<Path> found = find(command);
    if (found.isPresent()) {
      return found.get();
    }
    throw unavailable(command + " is not installed (apt-get install -y " + debianPackage + ")");
  }

  /**
   * Skips the calling test, or fails it under CI=true, because something it needs from the machine
   * (a tool, root's privileges) is not there. Always throws; the return type lets callers write
   * {@code throw unavailable(...)}.
   */
  public static RuntimeException unavailable(String reason) {
    if (isCi()) {
      Assertions.fail(reason + "; CI=true, so this is a failure");
    }
    Assumptions.abort(reason + "; skipping");
    throw new IllegalStateException("unreachable");
  }

  /** Looks {@code command} up on the PATH. */
  public static Optional<Path> find(String command) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** True when the suite runs in CI, where every external tool must be present. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
