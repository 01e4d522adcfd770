package dev.modelcache.service.rest.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.service.audit.Audited;
import dev.modelcache.service.rest.RestApplication;
import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every endpoint is classified on purpose, and each area is the one the documentation gives. */
class EndpointsTest {

  /** The resource methods of the application: public methods of classes with {@code @Path}. */
  private static List<Method> resourceMethods() {
    List<Method> methods = new ArrayList<>();
    for (Class<?> type : new RestApplication().getClasses()) {
      if (!type.isAnnotationPresent(Path.class)) {
        continue;
      }
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
          methods.add(m);
        }
      }
    }
    return methods;
  }

  @Test
  void everyResourceMethodDeclaresItsAreaOrInheritsItFromItsClass() {
    for (Method m : resourceMethods()) {
      boolean declared =
          m.isAnnotationPresent(Access.class)
              || m.getDeclaringClass().isAnnotationPresent(Access.class);
      assertTrue(declared, () -> m + " has no @Access: it would need the admin role");
    }
  }

  @Test
  void theAreasAreTheDocumentedOnes() {
    Map<String, Area> areas = new TreeMap<>();
    for (Method m : resourceMethods()) {
      areas.put(
          m.getDeclaringClass().getSimpleName() + "." + m.getName(),
          Endpoints.area(m.getDeclaringClass(), m));
    }

    assertEquals(
        new TreeMap<>(
            Map.ofEntries(
                Map.entry("CacheResource.clearCache", Area.ADMIN),
                Map.entry("CacheResource.logs", Area.ADMIN),
                Map.entry("CacheResource.metrics", Area.METRICS),
                Map.entry("CacheResource.prometheus", Area.METRICS),
                Map.entry("CacheResource.stats", Area.PREDICT),
                Map.entry("GenerateResource.generate", Area.PREDICT),
                Map.entry("HealthResource.all", Area.HEALTH),
                Map.entry("HealthResource.live", Area.HEALTH),
                Map.entry("HealthResource.ready", Area.HEALTH),
                Map.entry("HealthResource.started", Area.HEALTH),
                Map.entry("ModelsResource.getModel", Area.PREDICT),
                Map.entry("ModelsResource.listModels", Area.PREDICT),
                Map.entry("ModelsResource.preload", Area.ADMIN),
                Map.entry("ModelsResource.unload", Area.ADMIN),
                Map.entry("PredictResource.predict", Area.PREDICT),
                Map.entry("PredictResource.predictBatch", Area.PREDICT))),
        areas);
  }

  @Test
  void theAdministrativeActionsAreAudited() {
    Map<String, String> audited = new TreeMap<>();
    for (Method m : resourceMethods()) {
      Audited a = m.getAnnotation(Audited.class);
      if (a != null) {
        audited.put(m.getName(), a.value());
      }
    }

    assertEquals(
        Map.of("clearCache", "clear_cache", "preload", "preload", "unload", "unload"), audited);
  }

  /** A subclass (as a CDI proxy is) finds its superclass's areas. */
  static class Proxy extends Unclassified {}

  static class Unclassified {
    @GET
    public String nothing() {
      return "";
    }

    @Access(Area.METRICS)
    public String scraped() {
      return "";
    }
  }

  @Test
  void anUnclassifiedMethodNeedsTheAdminRoleAndProxiesSeeTheirSuperclass() throws Exception {
    Method nothing = Unclassified.class.getMethod("nothing");
    Method scraped = Unclassified.class.getMethod("scraped");

    assertNotNull(nothing);
    assertEquals(Area.ADMIN, Endpoints.area(Unclassified.class, nothing));
    assertEquals(Area.METRICS, Endpoints.area(Proxy.class, scraped));
    assertEquals(Area.ADMIN, Endpoints.area(Proxy.class, nothing));
  }
}
