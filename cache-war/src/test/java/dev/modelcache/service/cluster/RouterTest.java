package dev.modelcache.service.cluster;

import static dev.modelcache.service.cluster.Members.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.service.cluster.Route.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Set<String> loadedHere = new HashSet<>();

  private Router router(FakeGrid grid) {
    return new Router(
        grid,
        loadedHere::contains,
        () -> member(grid.self(), 0, loadedHere.toArray(String[]::new)),
        new Unreachable(Duration.ofSeconds(10).toNanos(), nanos::get),
        64,
        Duration.ofMinutes(10));
  }

  @Test
  void aModelLoadedHereRunsHereWithoutAskingTheGrid() {
    FakeGrid grid = new FakeGrid("me", member("other", 0, "m"));
    loadedHere.add("m");
    Route route = router(grid).route("m");
    assertEquals(Reason.LOADED_HERE, route.reason());
    assertNull(route.target());
    assertEquals(0, grid.claimCalls);
  }

  @Test
  void aModelLoadedElsewhereGoesToTheHolderWithTheShortestQueue() {
    FakeGrid grid =
        new FakeGrid("me", member("busy", 20, "m"), member("idle", 1, "m"), member("none", 0));
    Route route = router(grid).route("m");
    assertEquals(Reason.LOADED_ELSEWHERE, route.reason());
    assertEquals("idle", route.target().id());
  }

  @Test
  void aHotModelGetsACopyHereWhenEveryHolderQueueIsLong() {
    FakeGrid grid = new FakeGrid("me", member("a", 64, "m"), member("b", 100, "m"));
    assertEquals(Reason.HOT_COPY, router(grid).route("m").reason());
  }

  @Test
  void aHolderThatLeftTheGridIsNotForwardedTo() {
    FakeGrid grid = new FakeGrid("me", member("gone", 0, "m"));
    grid.live.remove("gone");
    Route route = router(grid).route("m");
    assertTrue(route.isLocal(), "routed to a departed member: " + route);
  }

  @Test
  void anUnreachableHolderIsLeftOutUntilItsTimeIsUp() {
    FakeGrid grid = new FakeGrid("me", member("a", 0, "m"));
    Router router = router(grid);
    router.unreachable("a");
    assertTrue(router.route("m").isLocal());
    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    grid.claims.clear();
    assertEquals("a", router.route("m").target().id());
  }

  @Test
  void aClaimedModelGoesToItsClaimant() {
    FakeGrid grid = new FakeGrid("me", member("loader", 0));
    grid.claims.put("m", "loader");
    Route route = router(grid).route("m");
    assertEquals(Reason.LOADING_ELSEWHERE, route.reason());
    assertEquals("loader", route.target().id());
  }

  @Test
  void aClaimOfADepartedMemberIsReleasedAndTheModelPlacedAgain() {
    FakeGrid grid = new FakeGrid("me", member("a", 0));
    grid.claims.put("m", "gone");
    Route route = router(grid).route("m");
    assertTrue(route.reason() == Reason.PLACED_HERE || route.reason() == Reason.PLACED_ELSEWHERE);
    assertTrue(!"gone".equals(grid.claims.get("m")), "the stale claim stayed");
  }

  @Test
  void modelsClaimedForAMemberCountAgainstItsRoom() {
    FakeGrid grid = new FakeGrid("me", member("a", 0, "x"), member("b", 0, "x"));
    loadedHere.add("x");
    // a and b have one free slot each, and each has been given one more model: only "me" has room.
    grid.claims.put("p", "a");
    grid.claims.put("q", "b");
    for (int i = 0; i < 100; i++) {
      grid.claims.remove("cold-" + i);
      Route route = router(grid).route("cold-" + i);
      assertEquals(Reason.PLACED_HERE, route.reason(), "cold-" + i);
      grid.claims.remove("cold-" + i);
    }
  }

  @Test
  void aColdModelIsPlacedByRendezvousAndClaimed() {
    FakeGrid grid = new FakeGrid("me", member("a", 0), member("b", 0));
    Route route = router(grid).route("cold");
    String expected =
        Placement.choose("cold", List.of(member("me", 0), member("a", 0), member("b", 0)))
            .orElseThrow()
            .id();
    assertEquals(expected, grid.claims.get("cold"));
    assertEquals(
        expected.equals("me") ? null : expected, route.isLocal() ? null : route.target().id());
  }

  /**
   * The cross-cluster single flight, in one process: three members' routers decide for the same
   * cold model at once, many times each, and all end at one member (one load).
   */
  @Test
  void concurrentDecidersOnThreeMembersAgreeOnOneMemberForAColdModel() throws Exception {
    FakeGrid shared = new FakeGrid("a", member("a", 0), member("b", 0), member("c", 0));
    List<Router> routers = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      FakeGrid view = shared.as(id);
      routers.add(
          new Router(
              view,
              model -> false,
              () -> member(id, 0),
              new Unreachable(1, nanos::get),
              64,
              Duration.ofMinutes(10)));
    }
    for (int round = 0; round < 50; round++) {
      String model = "cold-" + round;
      ExecutorService pool = Executors.newFixedThreadPool(12);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> where = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        int member = i % 3;
        where.add(
            pool.submit(
                () -> {
                  go.await();
                  Route r = routers.get(member).route(model);
                  return r.isLocal() ? List.of("a", "b", "c").get(member) : r.target().id();
                }));
      }
      go.countDown();
      Set<String> runners = new HashSet<>();
      for (Future<String> f : where) {
        runners.add(f.get(10, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertEquals(1, runners.size(), model + " ran on " + runners);
      assertEquals(Set.of(shared.claims.get(model)), runners);
    }
  }
}
