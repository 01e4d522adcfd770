package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.Inference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Two processes' response caches over one shared store: a result computed by one is found by the
 * other for the same model files only, and kept locally once found.
 */
class SharedResponseStoreTest {
  private static final ModelId M = ModelId.of("m");

  private final Map<String, Inference> map = new ConcurrentHashMap<>();
  private final SharedResponseStore store =
      new SharedResponseStore() {
        @Override
        public Inference get(String key) {
          return map.get(key);
        }

        @Override
        public void put(String key, Inference result) {
          map.put(key, result);
        }
      };

  private ResponseCache sharing() {
    ResponseCache cache = ResponseCache.create(1 << 20);
    cache.share(store);
    return cache;
  }

  @Test
  void aResultComputedByOneIsFoundByAnotherForTheSameFiles() {
    ResponseCache a = sharing();
    ResponseCache b = sharing();
    Embedding result = new Embedding(new float[] {1f, 2f});
    a.put(M, 1, "files-v1", "hello", result);

    assertSame(result, b.get(M, 7, "files-v1", "hello"));
    map.clear();
    assertSame(result, b.get(M, 7, "files-v1", "hello"), "kept locally once found");
  }

  @Test
  void anotherVersionOfTheFilesNeverGetsTheResult() {
    ResponseCache a = sharing();
    ResponseCache b = sharing();
    a.put(M, 1, "files-v1", "hello", new Embedding(new float[] {1f}));

    assertNull(b.get(M, 1, "files-v2", "hello"));
    assertNull(b.get(ModelId.of("n"), 1, "files-v1", "hello"));
    assertNull(b.get(M, 1, "files-v1", "hello "));
  }

  @Test
  void modelsWithoutAnIdentityAreNotShared() {
    ResponseCache a = sharing();
    a.put(M, 1, "", "hello", new Embedding(new float[] {1f}));
    assertEquals(0, map.size());
    assertNull(sharing().get(M, 1, "", "hello"));
  }

  @Test
  void keysHoldTheTextsDigestNotTheText() {
    String key = ResponseCache.sharedKey(M, "abc", "x".repeat(10_000));
    assertEquals("m@abc#".length() + 64, key.length());
  }
}
