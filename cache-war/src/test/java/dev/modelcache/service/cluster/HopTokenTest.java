package dev.modelcache.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HopTokenTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final HopToken tokens =
      new HopToken("a secret of the cluster".getBytes(StandardCharsets.UTF_8), now::get);

  @Test
  void aTokenIsValidForItsRequestUntilItExpires() {
    String token = tokens.issue("member-1", "POST", "/predict", 5000);
    assertEquals("member-1", tokens.verify(token, "POST", "/predict"));
    now.addAndGet(5001);
    assertNull(tokens.verify(token, "POST", "/predict"));
  }

  @Test
  void aTokenDoesNotOpenAnotherPathOrMethod() {
    String token = tokens.issue("member-1", "POST", "/predict", 5000);
    assertNull(tokens.verify(token, "POST", "/predict/batch"));
    assertNull(tokens.verify(token, "GET", "/predict"));
  }

  @Test
  void aTokenOfAnotherSecretOrAlteredIsRefused() {
    HopToken other =
        new HopToken("another cluster's secret".getBytes(StandardCharsets.UTF_8), now::get);
    String foreign = other.issue("member-1", "POST", "/predict", 5000);
    assertNull(tokens.verify(foreign, "POST", "/predict"));
    String token = tokens.issue("member-1", "POST", "/predict", 5000);
    String later = token.replaceFirst(";\\d+;", ";" + (now.get() + 999_999) + ";");
    assertNull(tokens.verify(later, "POST", "/predict"));
    assertNull(tokens.verify("member-1;x;y", "POST", "/predict"));
    assertNull(tokens.verify("", "POST", "/predict"));
    assertNull(tokens.verify(null, "POST", "/predict"));
  }

  @Test
  void aShortSecretIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new HopToken(new byte[8], now::get));
  }
}
