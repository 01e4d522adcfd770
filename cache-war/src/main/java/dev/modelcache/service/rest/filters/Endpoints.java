package dev.modelcache.service.rest.filters;

import dev.modelcache.service.audit.Audited;
import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the guards need to know of the resource method a request matched: its {@link Area} (its
 * {@link Access} annotation, else its class's, else {@link Area#ADMIN}, so an endpoint nobody
 * classified needs the strongest role) and its {@link Audited} annotation. Looked up by reflection
 * once per resource method, then remembered (a handful of entries). Thread-safe.
 */
final class Endpoints {
  private record Target(Class<?> type, Method method) {}

  private static final Map<Target, Area> AREAS = new ConcurrentHashMap<>();
  private static final Map<Target, Optional<Audited>> AUDITED = new ConcurrentHashMap<>();

  private Endpoints() {}

  static Area area(ResourceInfo resource) {
    Class<?> type = resource.getResourceClass();
    Method method = resource.getResourceMethod();
    if (type == null || method == null) {
      return Area.ADMIN;
    }
    return AREAS.computeIfAbsent(new Target(type, method), t -> area(t.type(), t.method()));
  }

  /** Looks through the class and its superclasses (a CDI proxy subclasses the resource). */
  static Area area(Class<?> type, Method method) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Access onMethod = onMethod(c, method, Access.class);
      if (onMethod != null) {
        return onMethod.value();
      }
      Access onClass = c.getAnnotation(Access.class);
      if (onClass != null) {
        return onClass.value();
      }
    }
    return Area.ADMIN;
  }

  /**
   * The {@link Audited} annotation of the matched method, looked up as {@link #area} is; or null.
   */
  static Audited audited(ResourceInfo resource) {
    Class<?> type = resource.getResourceClass();
    Method method = resource.getResourceMethod();
    if (type == null || method == null) {
      return null;
    }
    return AUDITED
        .computeIfAbsent(
            new Target(type, method),
            t -> {
              for (Class<?> c = t.type(); c != null && c != Object.class; c = c.getSuperclass()) {
                Audited audited = onMethod(c, t.method(), Audited.class);
                if (audited != null) {
                  return Optional.of(audited);
                }
              }
              return Optional.empty();
            })
        .orElse(null);
  }

  /** {@code annotation} on the method {@code c} itself declares like {@code method}, or null. */
  private static <A extends Annotation> A onMethod(Class<?> c, Method method, Class<A> annotation) {
    try {
      return c.getDeclaredMethod(method.getName(), method.getParameterTypes())
          .getAnnotation(annotation);
    } catch (NoSuchMethodException e) {
      return null; // not declared at this level
    }
  }
}
