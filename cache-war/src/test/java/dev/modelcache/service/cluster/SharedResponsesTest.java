package dev.modelcache.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Embedding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SharedResponsesTest {
  @Test
  void resultsReadBackBitForBit() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      float[] vector = new float[384];
      for (int k = 0; k < vector.length; k++) {
        vector[k] = (float) random.nextGaussian() * (float) Math.pow(10, random.nextInt(12) - 6);
      }
      Embedding e =
          (Embedding) SharedResponses.decode(SharedResponses.encode(new Embedding(vector)));
      assertArrayEquals(vector, e.vector());
      Map<String, Float> scores = new LinkedHashMap<>();
      scores.put("HAM", random.nextFloat());
      scores.put("SPAM", random.nextFloat());
      Classification c =
          new Classification(
              "SPAM", random.nextFloat(), scores, new float[] {random.nextFloat(), -3.25f});
      Classification back = (Classification) SharedResponses.decode(SharedResponses.encode(c));
      assertEquals(c.label(), back.label());
      assertEquals(c.confidence(), back.confidence());
      assertEquals(c.scores(), back.scores());
      assertArrayEquals(c.logits(), back.logits());
    }
  }

  @Test
  void hitsAndMissesAreCounted() {
    ClusterCounters counters = new ClusterCounters();
    SharedResponses shared = new SharedResponses(new ConcurrentHashMap<>(), counters);
    assertNull(shared.get("k"));
    shared.put("k", new Embedding(new float[] {1f, 2f}));
    assertArrayEquals(new float[] {1f, 2f}, ((Embedding) shared.get("k")).vector());
    assertEquals(1, counters.sharedHits());
    assertEquals(1, counters.sharedMisses());
  }
}
