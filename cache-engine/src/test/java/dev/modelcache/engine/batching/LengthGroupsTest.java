package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The cuts of a sorted batch by token count: equal lengths stay together, outliers run apart. */
class LengthGroupsTest {

  @Test
  void equalLengthsFormOneRun() {
    assertArrayEquals(new int[] {5}, LengthGroups.cuts(new int[] {12, 12, 12, 12, 12}));
  }

  @Test
  void aLongOutlierRunsAlone() {
    assertArrayEquals(new int[] {4, 5}, LengthGroups.cuts(new int[] {8, 9, 9, 10, 300}));
  }

  @Test
  void nearbyLengthsShareARunWhenPaddingCostsLessThanARun() {
    // 16 + 2 x 20 = 56 together, against 16 + 19 + 16 + 20 = 71 apart.
    assertArrayEquals(new int[] {2}, LengthGroups.cuts(new int[] {19, 20}));
  }

  @Test
  void twoClustersMakeTwoRuns() {
    assertArrayEquals(new int[] {3, 6}, LengthGroups.cuts(new int[] {10, 11, 12, 100, 101, 102}));
  }

  @Test
  void oneTextIsOneRun() {
    assertArrayEquals(new int[] {1}, LengthGroups.cuts(new int[] {7}));
  }
}
