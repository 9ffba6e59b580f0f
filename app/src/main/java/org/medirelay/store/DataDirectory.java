package org.medirelay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The data folder (DATA_DIR): the embedded database and the secrets generated at first start.
 * Secret files are written owner-only and atomically, so a crash never leaves half a key behind.
 */
@Component
public class DataDirectory {

  private final Path root;

  public DataDirectory(StoreSettings settings) {
    this.root = settings.dataDir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + root, e);
    }
  }

  public Path resolve(String relative) {
    return root.resolve(relative);
  }

  /** The content of a secret file, if it exists. */
  public Optional<String> readSecret(String relative) {
    Path file = resolve(relative);
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Writes a secret file readable by the owner only; the rename makes it appear whole or not at
   * all.
   */
  public void writeSecret(String relative, String content) {
    Path file = resolve(relative);
    try {
      if (!Files.isDirectory(file.getParent())) {
        Files.createDirectories(file.getParent());
        restrictToOwner(file.getParent(), "rwx------");
      }
      Path temp = Files.createTempFile(file.getParent(), ".tmp-", ".secret");
      restrictToOwner(temp, "rw-------");
      Files.writeString(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void restrictToOwner(Path file, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the folder's ACL applies.
    }
  }
}
