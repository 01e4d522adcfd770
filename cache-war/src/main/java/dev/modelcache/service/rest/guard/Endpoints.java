package dev.modelcache.service.rest.guard;

import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;

/**
 * The {@link Area} of the resource method a request matched: its {@link Access} annotation, else
 * its class's, else {@link Area#ADMIN}, so an endpoint nobody classified needs the strongest role.
 * Stateless.
 */
final class Endpoints {
  private Endpoints() {}

  static Area area(ResourceInfo resource) {
    Class<?> type = resource.getResourceClass();
    Method method = resource.getResourceMethod();
    if (type == null || method == null) {
      return Area.ADMIN;
    }
    return area(type, method);
  }

  /** Looks through the class and its superclasses (a CDI proxy subclasses the resource). */
  static Area area(Class<?> type, Method method) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Access onMethod =
            c.getDeclaredMethod(method.getName(), method.getParameterTypes())
                .getAnnotation(Access.class);
        if (onMethod != null) {
          return onMethod.value();
        }
      } catch (NoSuchMethodException e) {
        // not declared at this level
      }
      Access onClass = c.getAnnotation(Access.class);
      if (onClass != null) {
        return onClass.value();
      }
    }
    return Area.ADMIN;
  }

  /** Whether requests to this area count against rate and concurrency limits. */
  static boolean isLimited(Area area) {
    return area == Area.PREDICT || area == Area.ADMIN;
  }
}
