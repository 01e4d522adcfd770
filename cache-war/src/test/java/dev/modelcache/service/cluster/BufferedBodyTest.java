package dev.modelcache.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BufferedBodyTest {
  private static BufferedBody read(String body, long limit) throws IOException {
    return BufferedBody.read(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limit);
  }

  @Test
  void theTopLevelModelNameIsFoundWhereverItStands() throws IOException {
    assertEquals("m", read("{\"text\":\"x\",\"model_name\":\"m\"}", 1000).modelName());
    assertEquals(
        "org/m@v1",
        read("{\"texts\":[\"a\",{\"model_name\":\"no\"}],\"model_name\":\"org/m@v1\"}", 1000)
            .modelName());
  }

  @Test
  void bodiesWithoutAStringModelNameHaveNone() throws IOException {
    assertNull(read("{\"text\":\"x\"}", 1000).modelName());
    assertNull(read("{\"model_name\":3}", 1000).modelName());
    assertNull(read("[\"model_name\"]", 1000).modelName());
    assertNull(read("{\"model_name\":", 1000).modelName());
    assertNull(read("not json", 1000).modelName());
    assertNull(read("", 1000).modelName());
  }

  @Test
  void aBodyOverTheLimitIsIncompleteAndNotRouted() throws IOException {
    String body = "{\"model_name\":\"m\",\"text\":\"" + "x".repeat(100) + "\"}";
    BufferedBody b = read(body, 50);
    assertFalse(b.complete());
    assertEquals(51, b.bytes().length);
    assertNull(b.modelName());
    BufferedBody whole = read(body, body.length());
    assertTrue(whole.complete());
    assertEquals(body, new String(whole.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void longBodiesAreReadWhole() throws IOException {
    String body = "{\"model_name\":\"m\",\"text\":\"" + "y".repeat(100_000) + "\"}";
    BufferedBody b = read(body, 1 << 20);
    assertTrue(b.complete());
    assertEquals(body.length(), b.bytes().length);
    assertEquals("m", b.modelName());
  }
}
