package org.medirelay.testkit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Fails when the main classes under a module's root package have a dependency cycle between their
 * packages. A package is a room: arrows between rooms point one way, so a reader can understand a
 * room from the ones it uses, never from the ones that use it.
 */
public final class PackageCycles {

  private PackageCycles() {}

  /**
   * Checks every package below {@code rootPackage} (each direct sub-package with what lies under it
   * is one slice, and the root package's own classes are one more).
   */
  public static void assertNone(String rootPackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(rootPackage);
    slices()
        .matching(rootPackage + ".(**)")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .check(classes);
  }
}
