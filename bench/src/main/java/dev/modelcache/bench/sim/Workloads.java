package dev.modelcache.bench.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The generated traces, deterministic by seed. Models come from a catalog: either mixed sizes,
 * log-uniform from 1 MiB (a small classifier) to 500 MiB (a DeBERTa-large), each loading in {@code
 * 50 ms + size / (200 MiB/s) × lognormal noise (σ 0.25)}; or uniform, every model 80 MiB (the mean
 * of that log-uniform range) loading in 450 ms. Popularity is Zipf over a random permutation of the
 * catalog, drawn independently of the sizes, so size says nothing about popularity. Stateless.
 */
public final class Workloads {
  /** Accesses per default trace. */
  public static final int ACCESSES = 50_000;

  /** Models in the Zipf catalogs. */
  public static final int MODELS = 60;

  /** Zipf skew of every default trace. */
  public static final double EXPONENT = 0.95;

  static final long MIB = 1L << 20;
  static final long MIN_BYTES = MIB;
  static final long MAX_BYTES = 500 * MIB;
  static final long UNIFORM_BYTES = 80 * MIB;
  static final double OVERHEAD_MILLIS = 50;
  static final double MIB_PER_SECOND = 200;
  static final double NOISE_SIGMA = 0.25;

  private Workloads() {}

  /** The default suite: the three shapes over mixed sizes, then over uniform sizes. */
  public static List<Trace> defaults(long seed) {
    return List.of(
        zipf("mixed-zipf", mixedCatalog("m", MODELS, new Random(seed)), ACCESSES, seed + 1),
        scan(
            "mixed-scan",
            mixedCatalog("hot", 40, new Random(seed + 2)),
            mixedCatalog("cold", 60, new Random(seed + 3)),
            2_500,
            ACCESSES,
            seed + 4),
        shifting(
            "mixed-shift",
            mixedCatalog("m", MODELS, new Random(seed + 5)),
            10_000,
            ACCESSES,
            seed + 6),
        zipf("uniform-zipf", uniformCatalog("m", MODELS), ACCESSES, seed + 1),
        scan(
            "uniform-scan",
            uniformCatalog("hot", 40),
            uniformCatalog("cold", 60),
            2_500,
            ACCESSES,
            seed + 4),
        shifting("uniform-shift", uniformCatalog("m", MODELS), 10_000, ACCESSES, seed + 6));
  }

  /**
   * {@code n} models named {@code prefix-00...}, sizes log-uniform in [1 MiB, 500 MiB], load time
   * {@code 50 ms + size / (200 MiB/s) × e^N(0, 0.25²)}. Each model keeps its size and load time.
   */
  public static List<Access> mixedCatalog(String prefix, int n, Random random) {
    List<Access> models = new ArrayList<>(n);
    double lo = Math.log(MIN_BYTES);
    double hi = Math.log(MAX_BYTES);
    for (int i = 0; i < n; i++) {
      long bytes = Math.round(Math.exp(lo + (hi - lo) * random.nextDouble()));
      double transferMillis = bytes / (MIB_PER_SECOND * MIB) * 1000;
      double noise = Math.exp(NOISE_SIGMA * random.nextGaussian());
      models.add(Access.of(name(prefix, i), bytes, OVERHEAD_MILLIS + transferMillis * noise));
    }
    return models;
  }

  /** {@code n} models of 80 MiB each, each loading in 450 ms. */
  public static List<Access> uniformCatalog(String prefix, int n) {
    double millis = OVERHEAD_MILLIS + UNIFORM_BYTES / (MIB_PER_SECOND * MIB) * 1000;
    List<Access> models = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      models.add(Access.of(name(prefix, i), UNIFORM_BYTES, millis));
    }
    return models;
  }

  /** {@code accesses} draws, Zipf-distributed over a random ranking of {@code catalog}. */
  public static Trace zipf(String name, List<Access> catalog, int accesses, long seed) {
    Random random = new Random(seed);
    List<Access> ranked = shuffled(catalog, random);
    Zipf zipf = new Zipf(ranked.size(), EXPONENT);
    List<Access> trace = new ArrayList<>(accesses);
    for (int i = 0; i < accesses; i++) {
      trace.add(ranked.get(zipf.sample(random)));
    }
    return new Trace(name, trace);
  }

  /**
   * Zipf over {@code hot}, interrupted every {@code scanEvery} accesses by one sequential pass
   * through all of {@code cold}: the pattern (a batch job, a crawler, a warm-up script) that
   * flushes a recency-only cache. Scan accesses count towards {@code accesses}.
   */
  public static Trace scan(
      String name, List<Access> hot, List<Access> cold, int scanEvery, int accesses, long seed) {
    Random random = new Random(seed);
    List<Access> ranked = shuffled(hot, random);
    Zipf zipf = new Zipf(ranked.size(), EXPONENT);
    List<Access> trace = new ArrayList<>(accesses);
    while (trace.size() < accesses) {
      for (int i = 0; i < scanEvery && trace.size() < accesses; i++) {
        trace.add(ranked.get(zipf.sample(random)));
      }
      for (int i = 0; i < cold.size() && trace.size() < accesses; i++) {
        trace.add(cold.get(i));
      }
    }
    return new Trace(name, trace);
  }

  /**
   * Zipf whose ranking of {@code catalog} is re-shuffled every {@code period} accesses: yesterday's
   * favourite model may be idle today. Tests how fast a policy forgets.
   */
  public static Trace shifting(
      String name, List<Access> catalog, int period, int accesses, long seed) {
    Random random = new Random(seed);
    Zipf zipf = new Zipf(catalog.size(), EXPONENT);
    List<Access> ranked = catalog;
    List<Access> trace = new ArrayList<>(accesses);
    for (int i = 0; i < accesses; i++) {
      if (i % period == 0) {
        ranked = shuffled(catalog, random);
      }
      trace.add(ranked.get(zipf.sample(random)));
    }
    return new Trace(name, trace);
  }

  private static List<Access> shuffled(List<Access> catalog, Random random) {
    List<Access> copy = new ArrayList<>(catalog);
    Collections.shuffle(copy, random);
    return copy;
  }

  private static String name(String prefix, int i) {
    return String.format("%s-%02d", prefix, i);
  }
}
