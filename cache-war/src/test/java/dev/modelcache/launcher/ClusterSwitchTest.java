package dev.modelcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSwitchTest {
  @Test
  void withoutTheSwitchTheGridStaysOff() {
    assertEquals(
        List.of("--port", "9000", "--nohazelcast"),
        ClusterSwitch.options(List.of("--port", "9000"), Map.of()));
    assertEquals(
        List.of("--nohazelcast"),
        ClusterSwitch.options(List.of(), Map.of("MODEL_CACHE_CLUSTER", "off")));
    assertEquals(
        List.of("--nohazelcast"), ClusterSwitch.options(List.of("--nohazelcast"), Map.of()));
  }

  @Test
  void theOperatorsGridOptionsPassUnchanged() {
    List<String> args =
        List.of(
            "--port",
            "8003",
            "--clustermode",
            "tcpip:10.0.0.1:6900,10.0.0.2:6900",
            "--startport",
            "6900",
            "--interfaces",
            "10.0.0.1",
            "--clustername",
            "prod");
    assertEquals(args, ClusterSwitch.options(args, Map.of("MODEL_CACHE_CLUSTER", "on")));
  }

  @Test
  void theGridDefaultsToLoopbackAndTcpIpWhenNotGiven() {
    assertEquals(
        List.of(
            "--startport",
            "7000",
            "--interfaces",
            "127.0.0.1",
            "--clustermode",
            "tcpip:127.0.0.1:7000"),
        ClusterSwitch.options(List.of("--startport", "7000"), Map.of("MODEL_CACHE_CLUSTER", "ON")));
  }

  @Test
  void aTypoIsAnErrorNotOff() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterSwitch.options(List.of(), Map.of("MODEL_CACHE_CLUSTER", "yes")));
  }
}
