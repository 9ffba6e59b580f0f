package org.medirelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.ExternalTool;

/**
 * The deployment files are valid, offline: every Kubernetes manifest against the API schema and the
 * other manifests (validate-manifests.mjs, with npm's kubernetes-models), and docker-compose.yml as
 * Debian's docker-compose reads it (its {@code config} parses and checks a file without a Docker
 * engine). That the variables they set are ones the servers read is checked in each server's module
 * (DeploymentVariablesTest, DeploymentOptionsTest).
 */
class ManifestsTest {

  /** This module's folder, where the build runs its tests. */
  private static final Path DEPLOY = Path.of("").toAbsolutePath();

  @Test
  void kubernetesManifestsMatchTheApiSchemaAndEachOther() throws Exception {
    Path node = ExternalTool.require("node", "nodejs");
    if (!Files.isDirectory(DEPLOY.resolve("node_modules").resolve("kubernetes-models"))) {
      throw ExternalTool.unavailable(
          "deploy/node_modules has no kubernetes-models (the build runs npm ci here wherever npm is"
              + " installed: apt-get install -y npm)");
    }
    Result result = run(DEPLOY, List.of(node.toString(), "validate-manifests.mjs", "kubernetes"));
    System.out.print(result.output());
    assertThat(result.status()).as(result.output()).isZero();
    assertThat(result.output()).contains("objects valid against the Kubernetes API schema");
  }

  @Test
  void dockerComposeFileParses(@TempDir Path copy) throws Exception {
    Path compose = ExternalTool.require("docker-compose", "docker-compose");
    Path root = DEPLOY.getParent();
    // As an operator's checkout has it: the env files copied from their examples.
    Files.createDirectories(copy.resolve("config"));
    Files.copy(root.resolve("docker-compose.yml"), copy.resolve("docker-compose.yml"));
    Files.copy(root.resolve("config/nginx.conf"), copy.resolve("config/nginx.conf"));
    for (String env : List.of("app.env", "media-node.env")) {
      Files.copy(root.resolve("config/" + env + ".example"), copy.resolve("config/" + env));
    }
    Result result =
        run(copy, List.of(compose.toString(), "-f", "docker-compose.yml", "config", "--quiet"));
    assertThat(result.status()).as(result.output()).isZero();
    System.out.println("docker-compose.yml: docker-compose config accepts it");
  }

  private record Result(int status, String output) {}

  private static Result run(Path dir, List<String> command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
