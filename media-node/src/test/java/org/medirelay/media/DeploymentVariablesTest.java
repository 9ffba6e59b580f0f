package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medirelay.testkit.DeploymentFiles;

/**
 * Every environment variable that docker-compose.yml (and config/media-node.env.example) and
 * deploy/kubernetes give the media node is one {@link MediaNodeConfig} reads: the keys are those it
 * asks its environment for, recorded as it reads them, not a list kept here.
 */
class DeploymentVariablesTest {

  @Test
  void everyVariableTheDeploymentFilesSetIsOneMediaNodeConfigReads() {
    Set<String> read = new TreeSet<>();
    MediaNodeConfig.fromEnvironment(
        new HashMap<>() {
          @Override
          public String get(Object key) {
            read.add((String) key);
            return super.get(key);
          }

          @Override
          public String getOrDefault(Object key, String fallback) {
            read.add((String) key);
            return super.getOrDefault(key, fallback);
          }
        });
    assertThat(read).contains("MEDIA_NODE_ID", "MEDIA_UDP_PORT", "MEDIA_PUBLIC_ADDRESS");

    List<DeploymentFiles.Variable> set =
        new DeploymentFiles(Path.of("..")).environment("media-node");
    assertThat(set).extracting(DeploymentFiles.Variable::name).contains("MEDIA_NODE_SECRET");
    assertThat(set)
        .allSatisfy(variable -> assertThat(read).as(variable.toString()).contains(variable.name()));
  }
}
