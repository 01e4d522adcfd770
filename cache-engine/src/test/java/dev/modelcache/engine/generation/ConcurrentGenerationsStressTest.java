package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many clients generating at once on three models in a cache that holds two (so models are evicted
 * and reloaded under running generations), through two step slots. Invariants: every greedy answer
 * is the reference's, every seeded sample is what the same request gave alone; never more
 * generations admitted than allowed, the refused ones get the overload error; afterwards nothing is
 * in progress and every lease has come back.
 */
class ConcurrentGenerationsStressTest {
  private static final int CLIENTS = 8;
  private static final int REQUESTS_EACH = 6;

  /** A request and the tokens it must give. */
  private record Work(GenerationRequest request, long[] expected) {}

  @Test
  void everyAnswerIsExactAndNothingLeaks() throws Exception {
    try (ModelCache cache =
        GenerationFixtures.cache(true, 2, Ticker.system(), GenerationFixtures.root())) {
      List<Work> work = work(GenerationFixtures.generator(cache, Ticker.system(), 1, 1));
      Generator generator = GenerationFixtures.generator(cache, Ticker.system(), CLIENTS, 2);
      Outcome outcome = run(generator, work);

      assertEquals(CLIENTS * REQUESTS_EACH, outcome.exact.get(), outcome.toString());
      assertEquals(0, outcome.refused.get());
      assertNothingLeft(cache, generator);
      assertTrue(cache.stats().evictionCount() > 0, "three models in two places: " + cache.stats());
    }
  }

  @Test
  void generationsBeyondTheLimitAreRefusedAndTheOthersAreExact() throws Exception {
    try (ModelCache cache =
        GenerationFixtures.cache(true, 3, Ticker.system(), GenerationFixtures.root())) {
      List<Work> work = work(GenerationFixtures.generator(cache, Ticker.system(), 1, 1));
      Generator generator = GenerationFixtures.generator(cache, Ticker.system(), 2, 2);
      Outcome outcome = run(generator, work);

      assertEquals(CLIENTS * REQUESTS_EACH, outcome.exact.get() + outcome.refused.get());
      assertEquals(outcome.refused.get(), generator.stats().rejected());
      assertTrue(outcome.mostAdmitted.get() <= 2, "admitted at once: " + outcome.mostAdmitted);
      assertNothingLeft(cache, generator);
    }
  }

  /** Every reference case of every family, and a seeded sample of each as it comes alone. */
  private static List<Work> work(Generator alone) {
    List<Work> work = new ArrayList<>();
    for (String family : GenerationFixtures.FAMILIES) {
      ModelId model = ModelId.of(family);
      for (GenerationFixtures.Case c :
          GenerationFixtures.reference(GenerationFixtures.root().resolve(family)).cases()) {
        work.add(
            new Work(GenerationRequest.greedy(model, c.prompt(), c.maxNewTokens()), c.tokenIds()));
        GenerationRequest sampled =
            new GenerationRequest(
                model,
                c.prompt(),
                OptionalInt.of(10),
                Sampling.random(2, 0.9, OptionalLong.of(c.prompt().length())));
        work.add(new Work(sampled, alone.generate(sampled, TokenListener.NONE).tokenIds()));
      }
    }
    return work;
  }

  private static final class Outcome {
    final AtomicInteger exact = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger mostAdmitted = new AtomicInteger();
    final Map<String, String> wrong = new HashMap<>();

    @Override
    public String toString() {
      return exact + " exact, " + refused + " refused, wrong: " + wrong;
    }
  }

  private static Outcome run(Generator generator, List<Work> work) throws Exception {
    Outcome outcome = new Outcome();
    CyclicBarrier start = new CyclicBarrier(CLIENTS);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Random random = new Random(c);
        done.add(
            clients.submit(
                () -> {
                  start.await();
                  for (int r = 0; r < REQUESTS_EACH; r++) {
                    Work w = work.get(random.nextInt(work.size()));
                    try {
                      Generation g =
                          generator.generate(
                              w.request(),
                              token ->
                                  outcome.mostAdmitted.accumulateAndGet(
                                      generator.stats().inProgress(), Math::max));
                      if (Arrays.equals(w.expected(), g.tokenIds())) {
                        outcome.exact.incrementAndGet();
                      } else {
                        synchronized (outcome.wrong) {
                          outcome.wrong.put(w.request().toString(), Arrays.toString(g.tokenIds()));
                        }
                      }
                    } catch (OverloadedException e) {
                      outcome.refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      clients.shutdownNow();
    }
    return outcome;
  }

  private static void assertNothingLeft(ModelCache cache, Generator generator) {
    GeneratorStats stats = generator.stats();
    assertEquals(0, stats.inProgress(), stats.toString());
    assertEquals(CLIENTS * REQUESTS_EACH, stats.requests() + stats.rejected(), stats.toString());
    CacheStats cacheStats = cache.stats();
    assertTrue(
        cacheStats.models().stream().allMatch(m -> m.activeLeases() == 0),
        "every lease came back: " + cacheStats.models());
  }
}
