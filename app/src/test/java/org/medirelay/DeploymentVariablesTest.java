package org.medirelay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.DeploymentFiles;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;

/**
 * Every environment variable that docker-compose.yml and deploy/kubernetes give the app is one the
 * app reads: a component of one of its settings records (bound from the variable of the same name,
 * EnvironmentVariablesTest), or a Spring Boot key (in Spring Boot's configuration metadata, as the
 * environment spells it: {@code server.forward-headers-strategy} is SERVER_FORWARDHEADERSSTRATEGY).
 * A misspelt or retired variable would otherwise be ignored without a word.
 */
class DeploymentVariablesTest {

  @Test
  void everyVariableTheDeploymentFilesSetIsOneTheAppReads() {
    Set<String> read = new TreeSet<>(settingsVariables());
    read.addAll(springBootVariables());
    List<DeploymentFiles.Variable> set = new DeploymentFiles(Path.of("..")).environment("app");
    assertThat(set).extracting(DeploymentFiles.Variable::name).contains("MONGO_URI", "PORT");
    assertThat(set)
        .allSatisfy(variable -> assertThat(read).as(variable.toString()).contains(variable.name()));
  }

  /** The app's settings records' components, as environment variables. */
  private static Set<String> settingsVariables() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    Set<String> names = new TreeSet<>();
    for (BeanDefinition settings : scanner.findCandidateComponents("org.medirelay")) {
      try {
        for (var component : Class.forName(settings.getBeanClassName()).getRecordComponents()) {
          names.add(
              component
                  .getName()
                  .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                  .toUpperCase(Locale.ROOT));
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    assertThat(names).contains("CLIENT_BASE_URL", "LOGIN_MAX_FAILURES_PER_ACCOUNT");
    return names;
  }

  /** Spring Boot's own keys, from the configuration metadata of every jar on the class path. */
  private static Set<String> springBootVariables() {
    Set<String> names = new TreeSet<>();
    try {
      for (URL metadata :
          Collections.list(
              DeploymentVariablesTest.class
                  .getClassLoader()
                  .getResources("META-INF/spring-configuration-metadata.json"))) {
        try (InputStream in = metadata.openStream()) {
          for (JsonNode property : AppApi.JSON.readTree(in).path("properties")) {
            String name = property.get("name").asString();
            names.add(name.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(names).contains("SERVER_FORWARDHEADERSSTRATEGY");
    return names;
  }
}
