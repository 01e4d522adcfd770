package dev.modelcache.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Mixed traffic against a running service from many client threads: of every 100 requests, 58
 * predictions and 22 batches (1 to 8 texts) over a skewed choice of models, 6 preloads and 1
 * pinning preload, 2 unloads, 1 cache clear, 4 stats and 2 model listings, 2 with an empty text
 * (400) and 2 for a model that does not exist (404). Every answer is tallied by operation and
 * status; a request that got no HTTP answer is tallied under status 0 with its exception. Uses only
 * the JDK, so that {@code soak.sh} runs this same file as a program ({@code java Traffic.java
 * BASE_URL CLIENTS SECONDS MODEL...}).
 *
 * <p>Thread-safe: the tally is concurrent; each client thread has its own seeded random source.
 */
public final class Traffic {
  /** The JSON error shape, as a light check for the stand-alone program: the IT parses it. */
  private static final Pattern ERROR_SHAPE =
      Pattern.compile(
          "\\{\"error\":\"[a-z_]+\",\"message\":\".+\",\"status\":(\\d{3})\\}", Pattern.DOTALL);

  /** One answer, or the failure to get one ({@code status} 0). */
  public record Outcome(
      String operation, String model, int status, String body, Exception failure) {
    /** Whether the body has the service's error shape with this status repeated in it. */
    public boolean hasErrorShape() {
      var m = ERROR_SHAPE.matcher(body == null ? "" : body.strip());
      return m.matches() && Integer.parseInt(m.group(1)) == status;
    }
  }

  /** Counts by operation and status, the request count, and failures kept for messages. */
  public static final class Tally {
    private final Map<String, Map<Integer, AtomicLong>> counts = new ConcurrentHashMap<>();
    private final List<Outcome> failures =
        java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    void add(Outcome outcome) {
      requests.incrementAndGet();
      if (outcome.failure() != null) {
        failed.incrementAndGet();
      }
      counts
          .computeIfAbsent(outcome.operation(), o -> new ConcurrentHashMap<>())
          .computeIfAbsent(outcome.status(), s -> new AtomicLong())
          .incrementAndGet();
      if (outcome.failure() != null && failures.size() < 20) {
        failures.add(outcome);
      }
    }

    /** Requests sent. */
    public long requests() {
      return requests.get();
    }

    /** Count of answers with this status, over all operations. */
    public long status(int status) {
      return counts.values().stream()
          .mapToLong(m -> m.getOrDefault(status, new AtomicLong()).get())
          .sum();
    }

    /** Count of requests of this operation (every status). */
    public long operation(String operation) {
      return counts.getOrDefault(operation, Map.of()).values().stream()
          .mapToLong(AtomicLong::get)
          .sum();
    }

    /** Count of this operation answered with this status. */
    public long count(String operation, int status) {
      return counts.getOrDefault(operation, Map.of()).getOrDefault(status, new AtomicLong()).get();
    }

    /** Every status seen, sorted. */
    public List<Integer> statuses() {
      return counts.values().stream()
          .flatMap(m -> m.keySet().stream())
          .distinct()
          .sorted()
          .toList();
    }

    /** Requests that got no answer, or whose answer failed the check. */
    public long failed() {
      return failed.get();
    }

    /** The first of those (up to 20), with their exceptions. */
    public List<Outcome> failures() {
      return List.copyOf(failures);
    }

    /** A table: one row per operation, one column per status, and totals. */
    public String table() {
      List<Integer> statuses = statuses();
      StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s", "operation"));
      statuses.forEach(s -> out.append(String.format(Locale.ROOT, "%8s", s == 0 ? "no-ans" : s)));
      out.append(String.format(Locale.ROOT, "%9s%n", "total"));
      for (String op : new TreeMap<>(counts).keySet()) {
        out.append(String.format(Locale.ROOT, "%-16s", op));
        statuses.forEach(s -> out.append(String.format(Locale.ROOT, "%8d", count(op, s))));
        out.append(String.format(Locale.ROOT, "%9d%n", operation(op)));
      }
      out.append(String.format(Locale.ROOT, "%-16s", "all"));
      statuses.forEach(s -> out.append(String.format(Locale.ROOT, "%8d", status(s))));
      return out.append(String.format(Locale.ROOT, "%9d%n", requests())).toString();
    }
  }

  private final URI base;
  private final List<String> models;
  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param base the service root, ending in {@code /}
   * @param models the models to spread traffic over, most requested first
   * @param timeout the longest one request may take before it counts as unanswered
   */
  public Traffic(URI base, List<String> models, Duration timeout) {
    this.base = base;
    this.models = List.copyOf(models);
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
  }

  /**
   * Runs {@code clients} threads until {@code duration} has passed, each sending one request after
   * another, and waits for their last requests. {@code check} sees every outcome on the client's
   * thread; what it throws is recorded as a failure of that request.
   */
  public Tally run(int clients, Duration duration, long seed, Consumer<Outcome> check)
      throws InterruptedException {
    Tally tally = new Tally();
    long end = System.nanoTime() + duration.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Random random = new Random(seed * 1000 + c);
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() - end < 0) {
                    Outcome outcome = send(random);
                    try {
                      check.accept(outcome);
                    } catch (RuntimeException | AssertionError e) {
                      outcome =
                          new Outcome(
                              outcome.operation(),
                              outcome.model(),
                              outcome.status(),
                              outcome.body(),
                              new IllegalStateException(e.getMessage(), e));
                    }
                    tally.add(outcome);
                  }
                } finally {
                  done.countDown();
                }
              },
              "traffic-" + c);
      threads.add(thread);
      thread.start();
    }
    done.await();
    return tally;
  }

  /** One request of the mix. */
  private Outcome send(Random random) {
    String model = pick(random);
    int dice = random.nextInt(100);
    if (dice < 58) {
      return post("predict", model, "predict", predictJson("text " + random.nextInt(1000), model));
    } else if (dice < 80) {
      List<String> texts = new ArrayList<>();
      for (int i = 1 + random.nextInt(8); i > 0; i--) {
        texts.add("batch text " + random.nextInt(1000) + " of a few words");
      }
      return post("batch", model, "predict/batch", batchJson(texts, model));
    } else if (dice < 86) {
      return post("preload", model, "models/" + model + "/preload", null);
    } else if (dice < 87) {
      return post("preload-pin", model, "models/" + model + "/preload?pin=true", null);
    } else if (dice < 89) {
      return request(
          "unload", model, HttpRequest.newBuilder(base.resolve("models/" + model)).DELETE());
    } else if (dice < 90) {
      return post("clear-cache", null, "clear-cache", null);
    } else if (dice < 94) {
      return request("stats", null, HttpRequest.newBuilder(base.resolve("stats")).GET());
    } else if (dice < 96) {
      return request("models", null, HttpRequest.newBuilder(base.resolve("models")).GET());
    } else if (dice < 98) {
      return post("bad-input", model, "predict", predictJson("", model));
    }
    return post("unknown-model", "no-such-model", "predict", predictJson("hi", "no-such-model"));
  }

  /** A skewed choice: model i has weight 2n - i, so the first comes about twice the last. */
  private String pick(Random random) {
    int n = models.size();
    int r = random.nextInt(n * 2 * n - n * (n - 1) / 2);
    for (int i = 0; i < n - 1; i++) {
      r -= 2 * n - i;
      if (r < 0) {
        return models.get(i);
      }
    }
    return models.get(n - 1);
  }

  private Outcome post(String operation, String model, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    request =
        json == null
            ? request.POST(HttpRequest.BodyPublishers.noBody())
            : request
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    return request(operation, model, request);
  }

  private Outcome request(String operation, String model, HttpRequest.Builder request) {
    String key = System.getenv("MODEL_CACHE_API_KEY");
    if (key != null && !key.isBlank()) {
      request.header(System.getenv().getOrDefault("MODEL_CACHE_API_KEY_HEADER", "X-API-Key"), key);
    }
    try {
      HttpResponse<String> response =
          client.send(
              request.header("Accept", "application/json").timeout(timeout).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Outcome(operation, model, response.statusCode(), response.body(), null);
    } catch (IOException e) {
      return new Outcome(operation, model, 0, "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(operation, model, 0, "", e);
    }
  }

  private static String predictJson(String text, String model) {
    return "{\"text\":\"" + text + "\",\"model_name\":\"" + model + "\"}";
  }

  private static String batchJson(List<String> texts, String model) {
    return "{\"texts\":[\"" + String.join("\",\"", texts) + "\"],\"model_name\":\"" + model + "\"}";
  }

  /**
   * Stand-alone use, for soak runs: {@code java Traffic.java BASE_URL CLIENTS SECONDS MODEL...}.
   * Prints the table; exits 1 if any request got no answer, a 5xx other than 503, or a non-200
   * without the error shape.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 4) {
      System.err.println("usage: java Traffic.java BASE_URL CLIENTS SECONDS MODEL...");
      System.exit(2);
    }
    URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
    int clients = Integer.parseInt(args[1]);
    Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
    List<String> models = List.of(args).subList(3, args.length);
    Tally tally =
        new Traffic(base, models, Duration.ofSeconds(60))
            .run(
                clients,
                duration,
                System.nanoTime(),
                o -> {
                  if (o.failure() == null && o.status() != 200 && !o.hasErrorShape()) {
                    throw new IllegalStateException("not the error shape: " + o.body());
                  }
                });
    System.out.print(tally.table());
    tally.failures().forEach(f -> System.out.println("failure: " + f));
    boolean bad =
        tally.failed() > 0
            || tally.statuses().stream()
                .anyMatch(s -> s == 0 || (s >= 500 && s != 503 && s != 507));
    System.exit(bad ? 1 : 0);
  }
}
