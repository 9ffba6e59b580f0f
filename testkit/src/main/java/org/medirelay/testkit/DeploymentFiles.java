package org.medirelay.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * What the deployment files give one of MediRelay's servers: {@code docker-compose.yml} (with the
 * {@code config/*.env.example} files its {@code env_file}s stand for) and every manifest in {@code
 * deploy/kubernetes/}. A server is named as its compose service and its Kubernetes container are
 * ({@code app}, {@code media-node}, {@code turn}). Each module's tests check these against the keys
 * its configuration class reads, so the files cannot drift from the code.
 */
public final class DeploymentFiles {

  /** One environment variable a deployment file sets, and which file. */
  public record Variable(String file, String name) {}

  /** Kubernetes expands {@code $(NAME)} in a container's env values and args. */
  private static final Pattern EXPANSION = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final Path root;

  /** The deployment files of the checkout at {@code root} (the parent of every module). */
  public DeploymentFiles(Path root) {
    this.root = root;
  }

  /**
   * Every environment variable the server sees from these files, except those a Kubernetes
   * container sets only to expand them into another value or its arguments ({@code $(NODE_NAME)}).
   */
  public List<Variable> environment(String server) {
    List<Variable> variables = new ArrayList<>(composeEnvironment(server));
    for (Map<String, Object> container : containers(server)) {
      List<String> expanded = new ArrayList<>();
      Map<String, String> own = new LinkedHashMap<>();
      for (Map<String, Object> env : maps(container.get("env"))) {
        own.put((String) env.get("name"), String.valueOf(env.get("value")));
        expanded.addAll(expansions(String.valueOf(env.get("value"))));
      }
      for (Object arg : list(container.get("args"))) {
        expanded.addAll(expansions(String.valueOf(arg)));
      }
      own.keySet().stream()
          .filter(name -> !expanded.contains(name))
          .forEach(name -> variables.add(new Variable("deploy/kubernetes", name)));
      for (Map<String, Object> source : maps(container.get("envFrom"))) {
        Map<String, Object> ref = map(source.get("configMapRef"));
        configMap((String) ref.get("name"))
            .keySet()
            .forEach(name -> variables.add(new Variable("ConfigMap " + ref.get("name"), name)));
      }
    }
    return variables;
  }

  /** The {@code args} of each Kubernetes container of the server. */
  public List<List<String>> arguments(String server) {
    return containers(server).stream()
        .map(container -> list(container.get("args")).stream().map(String::valueOf).toList())
        .toList();
  }

  /** The data of a ConfigMap in {@code deploy/kubernetes}; fails when there is none. */
  public Map<String, String> configMap(String name) {
    for (Map<String, Object> doc : manifests()) {
      if ("ConfigMap".equals(doc.get("kind"))
          && name.equals(map(doc.get("metadata")).get("name"))) {
        Map<String, String> data = new LinkedHashMap<>();
        map(doc.get("data")).forEach((key, value) -> data.put(key, String.valueOf(value)));
        return data;
      }
    }
    throw new AssertionError("deploy/kubernetes has no ConfigMap " + name);
  }

  private List<Variable> composeEnvironment(String server) {
    Map<String, Object> service =
        map(map(load(root.resolve("docker-compose.yml")).get(0).get("services")).get(server));
    List<Variable> variables = new ArrayList<>();
    Object environment = service.get("environment");
    List<String> names =
        environment instanceof Map<?, ?> entries
            ? entries.keySet().stream().map(String::valueOf).toList()
            : list(environment).stream()
                .map(entry -> String.valueOf(entry).split("=", 2)[0])
                .toList();
    names.forEach(name -> variables.add(new Variable("docker-compose.yml", name)));
    for (Object envFile : list(service.get("env_file"))) {
      // Operators copy config/X.env.example to config/X.env, which is never committed.
      Path example = root.resolve(envFile + ".example");
      read(example)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .forEach(
              line ->
                  variables.add(
                      new Variable(example.getFileName().toString(), line.split("=", 2)[0])));
    }
    return variables;
  }

  private List<Map<String, Object>> containers(String server) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> doc : manifests()) {
      Map<String, Object> template = map(map(doc.get("spec")).get("template"));
      for (Map<String, Object> container : maps(map(template.get("spec")).get("containers"))) {
        if (server.equals(container.get("name"))) {
          found.add(container);
        }
      }
    }
    return found;
  }

  private List<Map<String, Object>> manifests() {
    try (Stream<Path> files = Files.list(root.resolve("deploy").resolve("kubernetes"))) {
      return files
          .filter(file -> file.toString().endsWith(".yaml"))
          .sorted()
          .flatMap(file -> load(file).stream())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Map<String, Object>> load(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Object doc : new Yaml().loadAll(reader)) {
        if (doc != null) {
          docs.add(map(doc));
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> expansions(String value) {
    List<String> names = new ArrayList<>();
    Matcher matcher = EXPANSION.matcher(value);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static List<Object> list(Object value) {
    return value instanceof List<?> list ? new ArrayList<>(list) : List.of();
  }

  private static List<Map<String, Object>> maps(Object value) {
    return list(value).stream().map(DeploymentFiles::map).toList();
  }
}
