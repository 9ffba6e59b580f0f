import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Java Flight Recording says the CPU went: the execution samples (jdk.ExecutionSample) aggregated three
 * ways, each as a share of all samples:
 *
 * <ul>
 *   <li>CPU by thread: request threads, the store's threads, the JIT compiler;
 *   <li>by layer: store, store client, signing, security, MVC, ... (see {@link #LAYERS});
 *   <li>self: the method on top of the stack, the code that was running, and the same by package;
 *   <li>total: every method anywhere on the stack (counted once per sample), what a call led to;
 *   <li>package total: the same by package, to see whole layers (store, driver, security, JSON, signing) at once.
 * </ul>
 *
 * <p>Usage: java TopFrames.java <recording.jfr> [rows] [filter]. With a filter, the total and package-total tables
 * list only methods or packages whose name contains it (e.g. {@code medirelay} for our own code).
 */
public class TopFrames {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    String filter = args.length > 2 ? args[2] : "";
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    Map<String, Integer> selfPackages = new HashMap<>();
    Map<String, Integer> layers = new HashMap<>();
    Map<String, Double> threadLoad = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (event.getEventType().getName().equals("jdk.ThreadCPULoad") && event.getThread() != null) {
        String group = event.getThread().getJavaName().replaceAll("[0-9]+", "#");
        threadLoad.merge(group, (double) event.getFloat("user") + event.getFloat("system"), Double::sum);
      }
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
      selfPackages.merge(packageOf(frames.get(0).getMethod()), 1, Integer::sum);
      layers.merge(layerOf(frames), 1, Integer::sum);
      Set<String> methodsSeen = new HashSet<>();
      Set<String> packagesSeen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        RecordedMethod method = frame.getMethod();
        if (methodsSeen.add(name(method))) {
          total.merge(name(method), 1, Integer::sum);
        }
        if (packagesSeen.add(packageOf(method))) {
          packages.merge(packageOf(method), 1, Integer::sum);
        }
      }
    }
    System.out.printf("%s: %d execution samples%n", file, samples);
    double load = threadLoad.values().stream().mapToDouble(Double::doubleValue).sum();
    System.out.printf("%nCPU by thread (jdk.ThreadCPULoad; GC threads are not Java threads and not counted)%n");
    threadLoad.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(rows)
        .forEach(entry -> System.out.printf("%6.1f %%  %s%n", 100 * entry.getValue() / load, entry.getKey()));
    print("by layer (the innermost frame that belongs to one)", layers, samples, rows, "");
    print("self", self, samples, rows, "");
    print("self by package", selfPackages, samples, rows, "");
    print("total (on the stack)", total, samples, rows, filter);
    print("package total (on the stack)", packages, samples, rows, filter);
  }

  /**
   * The layers of the app a sample is charged to, by package prefix: the innermost frame (nearest the top of the stack)
   * that belongs to one decides, so a HashMap lookup inside the store counts as the store.
   */
  private static final List<Map.Entry<String, List<String>>> LAYERS =
      List.of(
          Map.entry("ES256 signing", List.of("io.jsonwebtoken", "sun.security.ec", "sun.security.util.math",
              "org.bouncycastle")),
          Map.entry("store: mongo-java-server + H2 MVStore", List.of("de.bwaldvogel", "org.h2")),
          Map.entry("store client: Mongo driver, BSON", List.of("com.mongodb", "org.bson")),
          Map.entry("Spring Data mapping", List.of("org.springframework.data")),
          Map.entry("logging", List.of("ch.qos.logback", "org.slf4j")),
          Map.entry("JSON", List.of("tools.jackson", "com.fasterxml")),
          Map.entry("bean validation", List.of("org.hibernate.validator", "jakarta.validation")),
          Map.entry("metrics, observations", List.of("io.micrometer")),
          Map.entry("Spring Security", List.of("org.springframework.security")),
          Map.entry("MediRelay's own code", List.of("org.medirelay")),
          Map.entry("Spring MVC", List.of("org.springframework.web", "org.springframework.http")),
          Map.entry("Tomcat", List.of("org.apache")),
          Map.entry("Netty (the store's wire)", List.of("io.netty")));

  private static String layerOf(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (Map.Entry<String, List<String>> layer : LAYERS) {
        if (layer.getValue().stream().anyMatch(type::startsWith)) {
          return layer.getKey();
        }
      }
    }
    return "other: " + packageOf(frames.get(0).getMethod());
  }

  private static String name(RecordedMethod method) {
    return method.getType().getName() + "." + method.getName();
  }

  private static String packageOf(RecordedMethod method) {
    String type = method.getType().getName();
    int dot = type.lastIndexOf('.');
    return dot < 0 ? "(default)" : type.substring(0, dot);
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int rows, String filter) {
    System.out.printf("%n%s%s%n", title, filter.isEmpty() ? "" : " containing '" + filter + "'");
    counts.entrySet().stream()
        .filter(entry -> entry.getKey().contains(filter))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(entry -> System.out.printf("%6.1f %%  %s%n", 100.0 * entry.getValue() / samples, entry.getKey()));
  }
}
