package dev.modelcache.service.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Administrative requests that reach other members: copies of a model ({@code POST
 * /models/{name}/preload?copies=N}) and clearing every member ({@code POST
 * /clear-cache?scope=cluster}). Each is sent with the caller's credentials, so every member applies
 * its own key and role rules. Thread-safe.
 */
@ApplicationScoped
public class ClusterOperations {
  private static final System.Logger LOG = System.getLogger(ClusterOperations.class.getName());
  private static final Duration ADMIN_TIMEOUT = Duration.ofMinutes(5);

  @Inject ClusterService cluster;

  /**
   * Asks the best placed other members that do not hold {@code model} to preload it, until {@code
   * copies} members hold it (this one counted, as it has just loaded it).
   *
   * @param credentials the caller's {@code Authorization} and {@code X-API-Key} headers, as sent
   * @return the members that hold it now, this one first
   */
  public List<String> preloadCopies(
      String model, int copies, boolean pin, Map<String, String> credentials) {
    List<String> holders = new ArrayList<>(List.of(cluster.selfName()));
    List<MemberState> others = cluster.othersFor(model);
    for (MemberState m : others) {
      if (m.holds(model) && holders.size() < copies) {
        holders.add(m.name());
      }
    }
    for (MemberState m : others) {
      if (holders.size() >= copies) {
        break;
      }
      if (m.holds(model)) {
        continue;
      }
      String path = "/models/" + encodePath(model) + "/preload" + (pin ? "?pin=true" : "");
      Forwarder.Answer answer = send(m, path, credentials);
      if (answer != null && answer.status() == 200) {
        holders.add(m.name());
      }
    }
    return holders;
  }

  /**
   * Clears every other live member; returns how many models they unloaded together (those that
   * answered).
   */
  public int clearOthers(Map<String, String> credentials) {
    int unloaded = 0;
    for (MemberState m : cluster.othersFor("")) {
      Forwarder.Answer answer = send(m, "/clear-cache", credentials);
      if (answer != null && answer.status() == 200) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(answer.body()))) {
          JsonObject o = reader.readObject();
          unloaded += o.getInt("models_unloaded", 0);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "clear-cache on {0}: unreadable answer", m.name());
        }
      }
    }
    return unloaded;
  }

  private Forwarder.Answer send(MemberState m, String path, Map<String, String> credentials) {
    try {
      Forwarder.Answer answer =
          cluster.tell(
              m, new Forwarder.Call("POST", path, new byte[0], credentials, ADMIN_TIMEOUT));
      if (answer.status() != 200) {
        LOG.log(
            Level.WARNING,
            "POST {0} on {1}: {2} {3}",
            path,
            m.name(),
            answer.status(),
            new String(answer.body(), StandardCharsets.UTF_8));
      }
      return answer;
    } catch (Forwarder.UnreachableException e) {
      return null;
    }
  }

  /** A model name in a path: each segment percent-encoded, the slashes of org/name kept. */
  private static String encodePath(String model) {
    List<String> segments = new ArrayList<>();
    for (String segment : model.split("/", -1)) {
      segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return String.join("/", segments);
  }
}
