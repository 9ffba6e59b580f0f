package org.medirelay.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders tests make and remove: browser profiles, servers' work folders. */
public final class Folders {

  private Folders() {}

  /**
   * Deletes {@code dir} and everything in it, as far as it can: what a process still holds open is
   * left for the OS's temp cleaning, and the test's outcome stands.
   */
  public static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // left for the OS's temp cleaning
    }
  }
}
