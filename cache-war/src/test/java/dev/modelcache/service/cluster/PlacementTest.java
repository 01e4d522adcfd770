package dev.modelcache.service.cluster;

import static dev.modelcache.service.cluster.Members.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final List<String> MODELS = new ArrayList<>();

  static {
    for (int i = 0; i < 3000; i++) {
      MODELS.add("org/model-" + i);
    }
  }

  private static Map<String, String> place(List<MemberState> members) {
    Map<String, String> where = new HashMap<>();
    for (String model : MODELS) {
      where.put(model, Placement.choose(model, members).orElseThrow().id());
    }
    return where;
  }

  @Test
  void everyDeciderPlacesAModelOnTheSameMemberWhateverTheOrderOfTheMembers() {
    List<MemberState> members = List.of(member("a", 0), member("b", 0), member("c", 0));
    List<MemberState> reversed = List.of(members.get(2), members.get(1), members.get(0));
    assertEquals(place(members), place(reversed));
  }

  @Test
  void equalMembersGetAboutEqualShares() {
    Map<String, String> where = place(List.of(member("a", 0), member("b", 0), member("c", 0)));
    for (String m : List.of("a", "b", "c")) {
      long share = where.values().stream().filter(m::equals).count();
      assertTrue(share > 900 && share < 1100, m + " got " + share + " of 3000");
    }
  }

  @Test
  void aMemberLeavingMovesOnlyTheModelsItHad() {
    List<MemberState> three = List.of(member("a", 0), member("b", 0), member("c", 0));
    Map<String, String> before = place(three);
    Map<String, String> after = place(List.of(three.get(0), three.get(1)));
    for (String model : MODELS) {
      if (!before.get(model).equals("c")) {
        assertEquals(before.get(model), after.get(model), model + " moved");
      }
    }
  }

  @Test
  void aMemberJoiningTakesModelsOnlyForItself() {
    List<MemberState> two = List.of(member("a", 0), member("b", 0));
    Map<String, String> before = place(two);
    Map<String, String> after = place(List.of(two.get(0), two.get(1), member("c", 0)));
    int moved = 0;
    for (String model : MODELS) {
      if (!before.get(model).equals(after.get(model))) {
        assertEquals("c", after.get(model), model + " moved between old members");
        moved++;
      }
    }
    assertTrue(moved > 800 && moved < 1200, "the new member took " + moved + " of 3000");
  }

  @Test
  void aFullMemberGetsNoNewModelWhileAnotherHasRoom() {
    Map<String, String> where =
        place(List.of(member("free", 0), member("full", 0, "x", "y"), member("half", 0, "x")));
    assertEquals(0, where.values().stream().filter("full"::equals).count());
    long free = where.values().stream().filter("free"::equals).count();
    long half = where.values().stream().filter("half"::equals).count();
    assertTrue(free > half && half > 0, "free " + free + ", half " + half);
  }

  @Test
  void aBusyMemberGetsFewerNewModels() {
    Map<String, String> where = place(List.of(member("idle", 0), member("busy", 256)));
    long busy = where.values().stream().filter("busy"::equals).count();
    assertTrue(busy > 0 && busy < 1000, "busy " + busy + " of 3000");
  }

  @Test
  void whenEveryMemberIsFullEachStillTakesItsShare() {
    Map<String, String> where =
        place(
            List.of(member("a", 0, "x", "y"), member("b", 0, "x", "y"), member("c", 0, "x", "y")));
    for (String m : List.of("a", "b", "c")) {
      long share = where.values().stream().filter(m::equals).count();
      assertTrue(share > 900 && share < 1100, m + " got " + share + " of 3000");
    }
  }

  @Test
  void theRankingStartsWithTheChoice() {
    List<MemberState> members = List.of(member("a", 0), member("b", 3), member("c", 0, "m"));
    for (String model : MODELS.subList(0, 200)) {
      assertEquals(
          Placement.choose(model, members).orElseThrow(), Placement.ranked(model, members).get(0));
    }
  }

  @Test
  void unitHashesStayInsideTheOpenInterval() {
    assertTrue(Placement.unit(0L) > 0);
    assertTrue(Placement.unit(-1L) < 1);
  }
}
