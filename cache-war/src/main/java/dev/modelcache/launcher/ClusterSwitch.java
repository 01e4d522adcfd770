package dev.modelcache.launcher;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The uber jar's {@code Main-Class}. Payara Micro records its options in the jar and offers no
 * option that turns the Data Grid back on once {@code --nohazelcast} is recorded, so the jar
 * records none and this class decides at every start:
 *
 * <ul>
 *   <li>without {@code MODEL_CACHE_CLUSTER=on} it adds {@code --nohazelcast}: one instance, no grid
 *       sockets, as before clustering existed;
 *   <li>with it, the caller's Data Grid options ({@code --clustermode}, {@code --startport}, {@code
 *       --interfaces}, {@code --clustername}) pass unchanged; a missing {@code --interfaces}
 *       becomes {@code 127.0.0.1} and a missing {@code --clustermode} becomes {@code
 *       tcpip:127.0.0.1:<startport>}, so that the grid never binds to every interface, never uses
 *       multicast and never looks for a domain server on the network.
 * </ul>
 *
 * It also records the HTTP port ({@code --port}, else the jar's recorded 8003) in the system
 * property {@value #HTTP_PORT_PROPERTY}, from which a member tells the others its address.
 */
public final class ClusterSwitch {
  /** The system property holding the HTTP port given on the command line. */
  public static final String HTTP_PORT_PROPERTY = "modelcache.http.port";

  private static final String PAYARA_MAIN = "fish.payara.micro.PayaraMicro";
  private static final int DEFAULT_START_PORT = 6900;

  private ClusterSwitch() {}

  public static void main(String[] args) throws Exception {
    List<String> options;
    try {
      options = options(List.of(args), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String port = valueOf(options, "--port");
    if (port != null) {
      System.setProperty(HTTP_PORT_PROPERTY, port);
    }
    try {
      Class.forName(PAYARA_MAIN)
          .getMethod("main", String[].class)
          .invoke(null, (Object) options.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The options Payara Micro gets, for these command-line options and this environment. */
  static List<String> options(List<String> args, Map<String, String> env) {
    List<String> options = new ArrayList<>(args);
    if (!clusterOn(env)) {
      if (!options.contains("--nohazelcast")) {
        options.add("--nohazelcast");
      }
      return options;
    }
    if (valueOf(options, "--interfaces") == null) {
      options.add("--interfaces");
      options.add("127.0.0.1");
    }
    if (valueOf(options, "--clustermode") == null) {
      String start = valueOf(options, "--startport");
      options.add("--clustermode");
      options.add(
          "tcpip:127.0.0.1:" + (start == null ? String.valueOf(DEFAULT_START_PORT) : start));
    }
    return options;
  }

  /**
   * Whether {@code MODEL_CACHE_CLUSTER} asks for the grid: {@code on} or {@code true}; unset,
   * empty, {@code off} or {@code false} do not.
   *
   * @throws IllegalArgumentException for any other value: a typo must not quietly mean "off"
   */
  static boolean clusterOn(Map<String, String> env) {
    String value = env.getOrDefault("MODEL_CACHE_CLUSTER", "").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "on", "true" -> true;
      case "", "off", "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "MODEL_CACHE_CLUSTER must be on or off: '" + env.get("MODEL_CACHE_CLUSTER") + "'");
    };
  }

  /** The value after the last {@code name} in {@code options}, or null. */
  static String valueOf(List<String> options, String name) {
    String value = null;
    for (int i = 0; i + 1 < options.size(); i++) {
      if (options.get(i).equals(name)) {
        value = options.get(i + 1);
      }
    }
    return value;
  }
}
