package org.medirelay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Owner-only permissions for what lives in the data folder: folders {@code rwx------} (0700), files
 * {@code rw-------} (0600). The folder holds the store (password hashes, appointments) and the
 * signing keys, so no other account on the machine may read any of it. On a file system without
 * POSIX permissions (Windows) nothing is changed: there the folder's ACL applies.
 */
final class OwnerOnly {

  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final Set<PosixFilePermission> OWNER =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  /** Sets the permissions of a folder or file the app has just created. */
  static void set(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  /**
   * Takes every permission of the group and of others away from a folder or file, leaving the
   * owner's as they are; true if there were any.
   */
  static boolean restrict(Path path) throws IOException {
    if (!POSIX) {
      return false;
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    Set<PosixFilePermission> owners = EnumSet.copyOf(now);
    owners.retainAll(OWNER);
    if (owners.size() == now.size()) {
      return false;
    }
    Files.setPosixFilePermissions(path, owners);
    return true;
  }

  /**
   * Restricts a folder and everything in it (symbolic links are neither followed nor changed);
   * returns what was open to others before: installs made before the app restricted its files.
   */
  static List<Path> restrictTree(Path root) {
    try (Stream<Path> tree = Files.walk(root)) {
      List<Path> entries = tree.filter(path -> !Files.isSymbolicLink(path)).toList();
      return entries.stream().filter(OwnerOnly::restrictUnchecked).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict " + root + " to its owner", e);
    }
  }

  private static boolean restrictUnchecked(Path path) {
    try {
      return restrict(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          path + " is readable by other accounts and cannot be restricted: chmod go-rwx it", e);
    }
  }
}
