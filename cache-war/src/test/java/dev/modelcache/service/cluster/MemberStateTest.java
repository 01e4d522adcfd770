package dev.modelcache.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemberStateTest {
  @Test
  void aStateReadsBackAsItWasWritten() {
    MemberState s =
        new MemberState(
            "id-1",
            "http://10.0.0.1:8003",
            List.of("spam-detector", "org/m@v2"),
            List.of("tiny-a"),
            2,
            2048,
            512.5,
            17,
            1234567890123L);
    assertEquals(s, MemberState.fromJson(s.toJson()));
    assertEquals("10.0.0.1:8003", s.name());
  }

  @Test
  void freeShareIsTheScarcerOfSlotsAndMemory() {
    MemberState slots =
        new MemberState("a", "http://a:1", List.of("x"), List.of(), 2, 1000, 100, 0, 0);
    assertEquals(0.5, slots.freeShare(), 1e-9);
    MemberState memory =
        new MemberState("a", "http://a:1", List.of("x"), List.of(), 10, 1000, 900, 0, 0);
    assertEquals(0.1, memory.freeShare(), 1e-9);
    MemberState full =
        new MemberState("a", "http://a:1", List.of("x"), List.of("y"), 2, 1000, 100, 0, 0);
    assertEquals(0, full.freeShare(), 1e-9);
  }
}
