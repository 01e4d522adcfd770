package dev.modelcache.service.settings;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which MicroProfile APIs the server gives the application. Each is optional: without Config the
 * settings come from the environment ({@link Settings#fromEnvironment}); without Metrics the
 * service's own {@code /metrics} (JSON and Prometheus text) is all there is; without Health the
 * service's own {@code /health} still answers; without OpenAPI there is no {@code /openapi}.
 * Classes that use an API live in a package named {@code mp} and are only loaded when the API is
 * here ({@code beans.xml} keeps CDI away from them otherwise). Immutable.
 *
 * @param present the APIs the application's class loader can load
 */
public record MicroProfileParts(Set<Part> present) {

  /** A MicroProfile API, by a type every version of it has. */
  public enum Part {
    CONFIG("Config", "org.eclipse.microprofile.config.ConfigProvider"),
    METRICS("Metrics", "org.eclipse.microprofile.metrics.MetricRegistry"),
    HEALTH("Health", "org.eclipse.microprofile.health.HealthCheck"),
    OPENAPI("OpenAPI", "org.eclipse.microprofile.openapi.OASFilter");

    private final String title;
    private final String probe;

    Part(String title, String probe) {
      this.title = title;
      this.probe = probe;
    }

    public String title() {
      return title;
    }
  }

  public MicroProfileParts {
    present = present.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(present));
  }

  /** The APIs that {@code loader} can load. */
  public static MicroProfileParts detect(ClassLoader loader) {
    Set<Part> present = EnumSet.noneOf(Part.class);
    for (Part part : Part.values()) {
      try {
        Class.forName(part.probe, false, loader);
        present.add(part);
      } catch (ClassNotFoundException | LinkageError absent) {
        // absent: the service does without it
      }
    }
    return new MicroProfileParts(present);
  }

  public boolean has(Part part) {
    return present.contains(part);
  }

  /** One line for the start-up log: what is present, what is absent and what that means. */
  public String describe() {
    Set<Part> absent = EnumSet.allOf(Part.class);
    absent.removeAll(present);
    if (absent.isEmpty()) {
      return "MicroProfile Config, Metrics, Health and OpenAPI present";
    }
    StringBuilder line =
        new StringBuilder("MicroProfile ")
            .append(titles(absent))
            .append(" absent")
            .append(present.isEmpty() ? "" : " (" + titles(present) + " present)")
            .append(":");
    if (absent.contains(Part.CONFIG)) {
      line.append(" settings from system properties, environment variables and")
          .append(" META-INF/microprofile-config.properties;");
    }
    if (absent.contains(Part.METRICS)) {
      line.append(" metrics only at the service's own /metrics;");
    }
    if (absent.contains(Part.HEALTH)) {
      line.append(" health only at the service's own /health;");
    }
    if (absent.contains(Part.OPENAPI)) {
      line.append(" no /openapi document;");
    }
    return line.substring(0, line.length() - 1);
  }

  private static String titles(Set<Part> parts) {
    return EnumSet.copyOf(parts).stream().map(Part::title).collect(Collectors.joining(", "));
  }
}
