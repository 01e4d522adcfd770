package dev.modelcache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.inference.Device;
import dev.modelcache.service.settings.Settings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings this module added for devices, and ENABLE_METRICS read as MicroProfile reads it. */
class ServiceConfigTest {

  private static ServiceConfig read(String... nameValues) {
    Map<String, String> values = new HashMap<>();
    values.put("HF_HUB_CACHE", "/tmp/hub-cache-for-service-config-test");
    for (int i = 0; i < nameValues.length; i += 2) {
      values.put(nameValues[i], nameValues[i + 1]);
    }
    return ServiceConfig.from(Settings.of(values));
  }

  @Test
  void theDeviceIsAutoWithTheDevicesFreeMemoryAsBudgetByDefault() {
    ServiceConfig config = read();

    assertEquals(Device.AUTO, config.device());
    assertEquals(0, config.maxGpuMemoryMb());
  }

  @Test
  void aCudaDeviceAndItsBudgetAreRead() {
    ServiceConfig config =
        read("INFERENCE_DEVICE", "cuda:1", "MODEL_CACHE_MAX_GPU_MEMORY_MB", "6144");

    assertEquals(Device.cuda(1), config.device());
    assertEquals(6144, config.maxGpuMemoryMb());
  }

  @Test
  void aBadDeviceOrANegativeBudgetStopsStartUpNamingTheSetting() {
    IllegalArgumentException device =
        assertThrows(IllegalArgumentException.class, () -> read("INFERENCE_DEVICE", "gpu0"));
    assertTrue(device.getMessage().startsWith("INFERENCE_DEVICE must be"), device.getMessage());

    IllegalArgumentException budget =
        assertThrows(
            IllegalArgumentException.class, () -> read("MODEL_CACHE_MAX_GPU_MEMORY_MB", "-1"));
    assertEquals("MODEL_CACHE_MAX_GPU_MEMORY_MB must be >= 0: -1", budget.getMessage());
  }

  @Test
  void enableMetricsIsReadAsMicroProfileConfigReadsABoolean() {
    assertTrue(read().metricsEnabled());
    assertTrue(read("ENABLE_METRICS", "YES").metricsEnabled());
    assertTrue(read("ENABLE_METRICS", "on").metricsEnabled());
    assertFalse(read("ENABLE_METRICS", "false").metricsEnabled());
    assertFalse(read("ENABLE_METRICS", "0").metricsEnabled());
  }
}
