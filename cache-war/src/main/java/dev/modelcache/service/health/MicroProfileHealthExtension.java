package dev.modelcache.service.health;

import dev.modelcache.service.health.mp.MicroProfileHealthBeans;
import dev.modelcache.service.settings.MicroProfileParts;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A CDI extension ({@code META-INF/services}) that hands every {@link ServiceCheck} bean to the
 * server's MicroProfile Health, where the server has it; does nothing elsewhere.
 */
public class MicroProfileHealthExtension implements Extension {
  private final Set<Class<? extends ServiceCheck>> checks = new LinkedHashSet<>();

  void found(@Observes ProcessManagedBean<?> bean) {
    Class<?> type = bean.getAnnotatedBeanClass().getJavaClass();
    if (ServiceCheck.class.isAssignableFrom(type) && !type.isInterface()) {
      checks.add(type.asSubclass(ServiceCheck.class));
    }
  }

  void register(@Observes AfterBeanDiscovery discovery) {
    if (MicroProfileParts.detect(MicroProfileHealthExtension.class.getClassLoader())
        .has(MicroProfileParts.Part.HEALTH)) {
      MicroProfileHealthBeans.addTo(discovery, checks);
    }
  }
}
