package org.medirelay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The data folder (DATA_DIR): the embedded database and the secrets generated at first start.
 * Everything in it is the owner's only ({@link OwnerOnly}): the folder is made so at every start,
 * with whatever an older install left readable by others, and each file is written so. Secret files
 * are written atomically, so a crash never leaves half a key behind.
 */
@Component
public class DataDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

  private final Path root;

  public DataDirectory(StoreSettings settings) {
    Path configured = settings.dataDir().toAbsolutePath().normalize();
    try {
      if (!Files.isDirectory(configured)) {
        Files.createDirectories(configured);
        OwnerOnly.set(configured, OwnerOnly.FOLDER);
      }
      // A link to the real folder is fine; it is the real folder whose permissions count.
      this.root = configured.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + configured, e);
    }
    List<Path> opened = OwnerOnly.restrictTree(root);
    if (!opened.isEmpty()) {
      LOG.warn(
          "{} entries of the data folder {} were readable by other accounts; now only by the one"
              + " this app runs as: {}",
          opened.size(),
          root,
          opened.stream().map(root::relativize).toList());
    }
  }

  public Path resolve(String relative) {
    return root.resolve(relative);
  }

  /**
   * A file in the data folder that only its owner may read, created empty if it does not exist: for
   * files another component fills (the store), which would create it readable by all.
   */
  public Path ownerOnlyFile(String relative) {
    Path file = resolve(relative);
    try {
      createFolderOf(file);
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      OwnerOnly.set(file, OwnerOnly.FILE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
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
      createFolderOf(file);
      Path temp = Files.createTempFile(file.getParent(), ".tmp-", ".secret");
      OwnerOnly.set(temp, OwnerOnly.FILE);
      Files.writeString(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void createFolderOf(Path file) throws IOException {
    if (!Files.isDirectory(file.getParent())) {
      Files.createDirectories(file.getParent());
      OwnerOnly.set(file.getParent(), OwnerOnly.FOLDER);
    }
  }
}
