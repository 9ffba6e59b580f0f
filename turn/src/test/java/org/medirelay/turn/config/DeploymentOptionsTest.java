package org.medirelay.turn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.DeploymentFiles;

/**
 * The TURN server's deployment in deploy/kubernetes is one {@link TurnOptions} accepts: its
 * arguments and the turnserver.conf its ConfigMap holds parse, option by option, and it sets no
 * environment variable but those Kubernetes expands into the arguments (the TURN server reads
 * none).
 */
class DeploymentOptionsTest {

  /** What Kubernetes puts in for each $(NAME) of the arguments: values of the kind it would. */
  private static final Map<String, String> EXPANDED =
      Map.of("TURN_SECRET", "a-shared-secret-of-32-characters", "HOST_IP", "192.0.2.10");

  @Test
  void theArgumentsAndConfigurationFileParse(@TempDir Path dir) throws IOException {
    DeploymentFiles files = new DeploymentFiles(Path.of(".."));
    assertThat(files.environment("turn")).isEmpty();

    Path conf = dir.resolve("turnserver.conf");
    Files.writeString(conf, files.configMap("medirelay-turn").get("turnserver.conf"));
    List<List<String>> containers = files.arguments("turn");
    assertThat(containers).isNotEmpty();
    for (List<String> args : containers) {
      List<String> here = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        // The ConfigMap is mounted where -c names it; Kubernetes puts in the secret and address.
        String arg = args.get(i);
        for (var expanded : EXPANDED.entrySet()) {
          arg = arg.replace("$(" + expanded.getKey() + ")", expanded.getValue());
        }
        assertThat(arg).as("a value for each $(NAME) is in EXPANDED").doesNotContain("$(");
        here.add(i > 0 && args.get(i - 1).equals("-c") ? conf.toString() : arg);
      }
      assertThat(here).contains("-c");
      TurnOptions.parse(here);
    }
  }
}
