package dev.modelcache.service.cluster;

import dev.modelcache.service.settings.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;

/**
 * Adds the {@link ClusterRouteFilter} in front of every other filter of {@code /predict} and {@code
 * /predict/batch} when {@code MODEL_CACHE_CLUSTER=on}; without it nothing is added, and a single
 * instance serves exactly as before.
 */
@WebListener
public class ClusterFilterRegistration implements ServletContextListener {
  @Inject Settings settings;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    String value = settings.value("MODEL_CACHE_CLUSTER").orElse("off").trim();
    if (!value.equalsIgnoreCase("on") && !value.equalsIgnoreCase("true")) {
      return;
    }
    FilterRegistration.Dynamic filter =
        event.getServletContext().addFilter("cluster-route", ClusterRouteFilter.class);
    filter.setAsyncSupported(true);
    // false: before the filters the application declares (the lean /predict door among them).
    filter.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST), false, "/predict", "/predict/*");
  }
}
