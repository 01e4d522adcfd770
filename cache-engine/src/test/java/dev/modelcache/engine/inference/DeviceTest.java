package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code INFERENCE_DEVICE}'s values, and nvidia-smi's answer. */
class DeviceTest {

  @Test
  void theFourFormsAreRead() {
    assertEquals(Device.AUTO, Device.parse("auto"));
    assertEquals(Device.CPU, Device.parse(" CPU "));
    assertEquals(Device.cuda(0), Device.parse("cuda"));
    assertEquals(Device.cuda(3), Device.parse("cuda:3"));
    assertEquals("cuda:3", Device.parse("CUDA:3").toString());
    assertEquals("auto", Device.AUTO.toString());
  }

  @Test
  void anythingElseIsRefusedNamingTheSetting() {
    for (String bad : new String[] {"gpu", "cuda:", "cuda:-1", "cuda:x", "", "rocm"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Device.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("INFERENCE_DEVICE must be"), e.getMessage());
    }
  }

  @Test
  void nvidiaSmiMebibytesBecomeBytes() {
    assertEquals(OptionalLong.of(1234L * 1024 * 1024), NvidiaSmiProbe.mebibytes("1234\n"));
    assertEquals(OptionalLong.empty(), NvidiaSmiProbe.mebibytes("[N/A]"));
    assertEquals(
        OptionalLong.empty(), NvidiaSmiProbe.mebibytes("NVIDIA-SMI has failed because..."));
  }
}
