package org.medirelay.media;

import org.junit.jupiter.api.Test;
import org.medirelay.testkit.PackageCycles;

class PackageStructureTest {

  @Test
  void packagesHaveNoDependencyCycles() {
    PackageCycles.assertNone("org.medirelay.media");
  }
}
